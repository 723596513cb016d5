import { redirect } from "next/navigation";
import { pageActor } from "@/lib/auth/page-actor";
import { listWorkspaces } from "@/lib/workspaces/workspaces";

export default async function HomePage() {
  const actor = await pageActor();
  if (!actor) redirect("/sign-in");
  const [first] = await listWorkspaces(actor);
  redirect(first ? `/w/${first.id}/specifications` : "/workspaces/new");
}
