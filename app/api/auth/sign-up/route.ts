import { NextResponse } from "next/server";
import { signUp } from "@/lib/auth/accounts";
import { handleRoute } from "@/lib/http/route-handler";
import { readJson } from "@/lib/http/read-json";
import { credentialsSchema } from "@/lib/validation/credentials";
import { parseInput } from "@/lib/validation/zod-error";

export const POST = handleRoute(async (request) => {
  const credentials = parseInput(credentialsSchema, await readJson(request));
  return NextResponse.json(await signUp(request, credentials), { status: 201 });
});
