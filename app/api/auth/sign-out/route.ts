import { NextResponse } from "next/server";
import { signOut } from "@/lib/auth/accounts";
import { handleRoute } from "@/lib/http/route-handler";

/** `?everywhere=1` ends every session of the person, on every device. */
export const POST = handleRoute(async (request) => {
  await signOut({ everywhere: new URL(request.url).searchParams.get("everywhere") === "1" });
  return NextResponse.json({ ok: true });
});
