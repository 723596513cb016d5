import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";
import type { ScheduleTemplate } from "@/lib/autopilot/built-in-templates";
import type { TemplateGallery as Gallery } from "@/lib/autopilot/schedule-templates";
import { templateSchedule } from "@/lib/autopilot/template-schedule";
import { describeCadence } from "@/lib/schedule/describe";
import { DeleteTemplateButton } from "./delete-template-button";

const PERIOD_NOUN = { daily: "day", weekly: "week", monthly: "month" } as const;

function TemplateCard({ workspaceId, template, canDelete }: { workspaceId: string; template: ScheduleTemplate; canDelete: boolean }) {
  const { settings } = template;
  const delivery = [settings.email_viewer ? "emails you" : null, settings.email_to.length ? `emails ${settings.email_to.length} recipient${settings.email_to.length === 1 ? "" : "s"}` : null]
    .filter(Boolean)
    .join(" and ");
  return (
    <li className="flex flex-col justify-between gap-3 rounded-md border border-slate-200 bg-white p-4" data-testid="template-card">
      <div className="space-y-1">
        <h3 className="text-sm font-semibold text-slate-900">{template.name}</h3>
        <p className="text-sm text-slate-700">{describeCadence(templateSchedule(settings, "UTC"))}, in your time zone.</p>
        {template.description && <p className="text-xs text-slate-600">{template.description}</p>}
        <p className="text-xs text-slate-600">
          {settings.cadence_override ? `Reports each ${PERIOD_NOUN[settings.cadence_override]}` : "Reports the specification's period"}
          {delivery ? `; ${delivery}` : ""}.
        </p>
      </div>
      <div className="flex items-center gap-2">
        <Link href={`/w/${workspaceId}/autopilot/new?template=${encodeURIComponent(template.id)}`} className={buttonClasses("secondary")}>
          Use this template<span className="sr-only"> for {template.name}</span>
        </Link>
        {canDelete && <DeleteTemplateButton workspaceId={workspaceId} templateId={template.id} name={template.name} />}
      </div>
    </li>
  );
}

/** The New schedule page's starting points: the built-in templates, then the workspace's own. */
export function TemplateGallery({ workspaceId, gallery }: { workspaceId: string; gallery: Gallery }) {
  return (
    <section aria-labelledby="templates-heading" className="mb-6 space-y-3">
      <h2 id="templates-heading" className="text-base font-semibold text-slate-900">Start from a template</h2>
      <ul className="grid gap-3 sm:grid-cols-2 xl:grid-cols-4">
        {gallery.built_in.map((template) => (
          <TemplateCard key={template.id} workspaceId={workspaceId} template={template} canDelete={false} />
        ))}
      </ul>
      <h3 className="pt-2 text-sm font-semibold text-slate-800">This workspace&apos;s templates</h3>
      {gallery.workspace.length > 0 ? (
        <ul className="grid gap-3 sm:grid-cols-2 xl:grid-cols-4" data-testid="workspace-templates">
          {gallery.workspace.map((template) => (
            <TemplateCard key={template.id} workspaceId={workspaceId} template={template} canDelete={gallery.can_manage} />
          ))}
        </ul>
      ) : (
        <p className="text-sm text-slate-600">None yet. {gallery.can_manage ? "Open a schedule and choose Save as template." : "Owners save a schedule as a template from its page."}</p>
      )}
    </section>
  );
}
