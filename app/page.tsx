import { redirect } from "next/navigation";
import { getActor } from "@/lib/auth/current-actor";
import { listWorkspaces } from "@/lib/workspaces/workspaces";

export default async function HomePage() {
  const actor = await getActor();
  if (!actor) redirect("/sign-in");
  const [first] = await listWorkspaces(actor);
  redirect(first ? `/w/${first.id}/specifications` : "/workspaces/new");
}
