import "server-only";
import { redirect } from "next/navigation";
import type { Actor } from "@/lib/db/transactions";
import { getActor } from "./current-actor";

/** For pages: the signed-in person, or a redirect to the sign-in page. */
export async function requirePageActor(): Promise<Actor> {
  const actor = await getActor();
  if (!actor) redirect("/sign-in");
  return actor;
}
