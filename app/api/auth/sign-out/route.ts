import { NextResponse } from "next/server";
import { signOut } from "@/lib/auth/accounts";
import { handleRoute } from "@/lib/http/route-handler";

export const POST = handleRoute(async () => {
  await signOut();
  return NextResponse.json({ ok: true });
});
