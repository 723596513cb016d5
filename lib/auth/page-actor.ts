import "server-only";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { REQUEST_PATH_HEADER, returnPath } from "@/lib/http/return-path";
import type { Actor } from "@/lib/db/transactions";
import { AppError } from "@/lib/errors/app-error";
import { getActor } from "./current-actor";

/**
 * For pages: the signed-in person or null. When the authentication service is down nobody can be recognised,
 * which pages treat as signed out; the sign-in page then says why signing in fails.
 */
export async function pageActor(): Promise<Actor | null> {
  try {
    return await getActor();
  } catch (error) {
    if (error instanceof AppError && error.code === "service_unavailable") return null;
    throw error;
  }
}

/** For pages: the signed-in person, or a redirect to the sign-in page, which brings them back here afterwards. */
export async function requirePageActor(): Promise<Actor> {
  const actor = await pageActor();
  if (!actor) {
    const here = returnPath((await headers()).get(REQUEST_PATH_HEADER) ?? undefined);
    redirect(here && here !== "/" ? `/sign-in?next=${encodeURIComponent(here)}` : "/sign-in");
  }
  return actor;
}
