import "server-only";
import type { Frequency } from "@/lib/schedule/frequency";
import type { Category, Feed, SpecificationInput, SpecificationPatch } from "@/lib/validation/specification";
import type { Queryable } from "./database";

export interface Specification {
  id: string;
  workspace_id: string;
  name: string;
  description: string;
  categories: Category[];
  regions: string[];
  frequency: Frequency;
  status: "active" | "inactive";
  feeds: Feed[];
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = "id, workspace_id, name, description, categories, regions, frequency, status, feeds, created_at, updated_at";

export async function selectSpecifications(
  tx: Queryable,
  { workspaceId }: { workspaceId: string },
): Promise<Specification[]> {
  const { rows } = await tx.query<Specification>(
    `select ${COLUMNS} from public.newsletter_specifications where workspace_id = $1 order by status, name`,
    [workspaceId],
  );
  return rows;
}

export async function findSpecification(
  tx: Queryable,
  { workspaceId, id }: { workspaceId: string; id: string },
): Promise<Specification | null> {
  const { rows } = await tx.query<Specification>(
    `select ${COLUMNS} from public.newsletter_specifications where workspace_id = $1 and id = $2`,
    [workspaceId, id],
  );
  return rows[0] ?? null;
}

/** Several specifications at once, by id (the tick reads a claimed batch's specifications in one query). */
export async function findSpecificationsByIds(tx: Queryable, { ids }: { ids: string[] }): Promise<Specification[]> {
  const { rows } = await tx.query<Specification>(`select ${COLUMNS} from public.newsletter_specifications where id = any($1::uuid[])`, [ids]);
  return rows;
}

export async function insertSpecification(
  tx: Queryable,
  { workspaceId, createdBy, input }: { workspaceId: string; createdBy: string; input: SpecificationInput },
): Promise<Specification> {
  const { rows } = await tx.query<Specification>(
    `insert into public.newsletter_specifications
       (workspace_id, name, description, categories, regions, frequency, status, created_by, feeds)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning ${COLUMNS}`,
    [
      workspaceId,
      input.name,
      input.description,
      JSON.stringify(input.categories),
      JSON.stringify(input.regions),
      input.frequency,
      input.status,
      createdBy,
      JSON.stringify(input.feeds),
    ],
  );
  return rows[0];
}

export async function updateSpecificationRow(
  tx: Queryable,
  { workspaceId, id, patch }: { workspaceId: string; id: string; patch: SpecificationPatch },
): Promise<Specification | null> {
  // coalesce keeps a column whose field the patch left out.
  const { rows } = await tx.query<Specification>(
    `update public.newsletter_specifications set
       name = coalesce($3, name),
       description = coalesce($4, description),
       categories = coalesce($5::jsonb, categories),
       regions = coalesce($6::jsonb, regions),
       frequency = coalesce($7, frequency),
       status = coalesce($8, status),
       feeds = coalesce($9::jsonb, feeds),
       updated_at = now()
     where workspace_id = $1 and id = $2
     returning ${COLUMNS}`,
    [
      workspaceId,
      id,
      patch.name ?? null,
      patch.description ?? null,
      patch.categories ? JSON.stringify(patch.categories) : null,
      patch.regions ? JSON.stringify(patch.regions) : null,
      patch.frequency ?? null,
      patch.status ?? null,
      patch.feeds ? JSON.stringify(patch.feeds) : null,
    ],
  );
  return rows[0] ?? null;
}

export async function deleteSpecificationRow(
  tx: Queryable,
  { workspaceId, id }: { workspaceId: string; id: string },
): Promise<boolean> {
  const { rowCount } = await tx.query("delete from public.newsletter_specifications where workspace_id = $1 and id = $2", [
    workspaceId,
    id,
  ]);
  return rowCount > 0;
}
