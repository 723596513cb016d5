import "server-only";
import type { Database } from "@/lib/db/database";
import { withUser, type Actor } from "@/lib/db/transactions";
import type { Workspace } from "@/lib/db/workspaces";
import { createSpecificationIn } from "@/lib/specifications/specifications";
import type { SpecificationInput } from "@/lib/validation/specification";
import { upsertContentItems } from "@/lib/db/content-items";
import { sampleContent } from "@/lib/generator/sample-content";
import { createWorkspaceIn } from "./workspaces";

/** What a new user finds, so Autopilot can be tried without setting anything up first. */
export const SAMPLE_SPECIFICATION: SpecificationInput = {
  name: "Weekly Tech Briefing",
  description: "A sample specification: the week's technology news by topic and region. Edit or delete it freely.",
  categories: [
    { id: "ai", name: "Artificial Intelligence", keywords: ["ai", "machine learning", "llm", "model"] },
    { id: "cloud", name: "Cloud & Infrastructure", keywords: ["cloud", "kubernetes", "datacenter", "serverless"] },
    { id: "security", name: "Security", keywords: ["breach", "vulnerability", "ransomware", "patch"] },
    { id: "startups", name: "Startups & Funding", keywords: ["startup", "funding", "series a", "acquisition"] },
  ],
  regions: ["Europe", "North America", "Asia-Pacific"],
  frequency: "weekly",
  status: "active",
  feeds: [],
};

export function createStarterWorkspace(db: Database, actor: Actor): Promise<Workspace> {
  return withUser(db, actor, async (tx) => {
    const name = `${actor.email.split("@")[0]}'s workspace`.slice(0, 100);
    const workspace = await createWorkspaceIn(tx, actor, { name });
    await createSpecificationIn(tx, actor, workspace.id, SAMPLE_SPECIFICATION);
    await upsertContentItems(tx, { workspaceId: workspace.id, items: sampleContent(SAMPLE_SPECIFICATION, new Date()) });
    return workspace;
  });
}
