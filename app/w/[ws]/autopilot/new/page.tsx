import type { Metadata } from "next";
import Link from "next/link";
import { ScheduleEditor } from "@/components/autopilot/schedule-editor";
import { PageTitle } from "@/components/page-title";
import { TemplateGallery } from "@/components/templates/template-gallery";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { editorSpecification, templateEditorValues } from "@/lib/autopilot/editor-data";
import { requirePageActor } from "@/lib/auth/page-actor";
import { autopilotSettings, emailSettings, summarySettings } from "@/lib/config";
import { orNotFound } from "@/lib/http/page-errors";
import { listSpecifications } from "@/lib/specifications/specifications";
import { getScheduleDefaults } from "@/lib/autopilot/schedule-defaults";
import { getScheduleTemplate, listScheduleTemplates } from "@/lib/autopilot/schedule-templates";
import { listScheduleChoices } from "@/lib/autopilot/schedules";
import { policyValuesOf } from "@/lib/autopilot/policy-form";

export const metadata: Metadata = { title: "New schedule" };

export default async function NewSchedulePage({ params, searchParams }: { params: Promise<{ ws: string }>; searchParams: Promise<{ specification_id?: string; template?: string }> }) {
  const { ws } = await params;
  const { specification_id: chosen, template: templateId } = await searchParams;
  const actor = await requirePageActor();
  // The specification the address names (a "Schedule it" link) comes first, so the editor starts with it.
  const specifications = (await orNotFound(listSpecifications(actor, ws)))
    .filter((s) => s.status === "active")
    .sort((a, b) => Number(b.id === chosen) - Number(a.id === chosen));
  const defaults = await getScheduleDefaults(actor, ws);
  const upstreamChoices = await listScheduleChoices(actor, ws);
  const template = templateId ? await getScheduleTemplate(actor, ws, templateId).catch(() => null) : null;
  const initial = template && specifications[0] ? templateEditorValues(template, specifications[0], actor.email) : undefined;
  const editor = (
    <ScheduleEditor
      key={template?.id ?? "scratch"}
      workspaceId={ws}
      specifications={specifications.map(editorSpecification)}
      emailConfigured={emailSettings() !== null}
      summaryConfigured={summarySettings() !== null}
      deploymentTimeoutSeconds={autopilotSettings().runTimeoutSeconds}
      policyDefaults={policyValuesOf({ ...defaults, starts_at: null, ends_at: null }, "UTC")}
      initial={initial}
      zoneFromBrowser
      upstreamChoices={upstreamChoices}
    />
  );
  if (template) {
    return (
      <>
        <PageTitle title="New schedule" description={`From the template “${template.name}”.`} />
        <div className="mb-4">
          <Alert tone="info">
            Started from the template “{template.name}”, in your time zone. Check the specification and the recipients, then create it.{" "}
            <Link className="underline" href={`/w/${ws}/autopilot/new`}>Choose another template</Link>
          </Alert>
        </div>
        <Card>{editor}</Card>
      </>
    );
  }
  const gallery = await listScheduleTemplates(actor, ws);
  return (
    <>
      <PageTitle title="New schedule" description="Start from a template or from scratch: everything is selected by default, with the workspace's default policies; the preview shows when it will run." />
      {templateId && (
        <div className="mb-4">
          <Alert>That template no longer exists: choose another, or start from scratch.</Alert>
        </div>
      )}
      <TemplateGallery workspaceId={ws} gallery={gallery} />
      <h2 className="mb-3 text-base font-semibold text-slate-900">Or start from scratch</h2>
      <Card>{editor}</Card>
    </>
  );
}
