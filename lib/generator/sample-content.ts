import type { ContentItemInput } from "@/lib/validation/content-item";
import type { SpecificationInput } from "@/lib/validation/specification";

const HEADLINES: Record<string, string[]> = {
  ai: [
    "Open model tops reasoning benchmark",
    "Regulators publish guidance on AI audits",
    "Chipmakers race to ship inference accelerators",
    "Hospital network reports gains from LLM triage pilot",
    "Study finds machine learning cuts grid losses",
  ],
  cloud: [
    "Provider opens new datacenter region",
    "Kubernetes release trims control-plane memory",
    "Serverless cold starts fall below 50 ms",
    "Outage postmortem blames configuration push",
    "Sovereign cloud contracts signed by three ministries",
  ],
  security: [
    "Critical vulnerability patched in VPN appliances",
    "Ransomware group disrupted by joint operation",
    "Breach at retailer exposes loyalty accounts",
    "Browser vendors ship emergency patch",
    "Passkeys adoption doubles year on year",
  ],
  startups: [
    "Climate startup closes Series A",
    "Fintech acquisition creates regional leader",
    "Developer-tools startup raises seed funding",
    "Robotics startup spins out of university lab",
    "Funding for health startups rebounds",
  ],
};

// Days before now; every category × region gets items inside a day, a week and a month.
const AGES_IN_DAYS = [0.2, 1.5, 3, 5.5, 9, 14, 20, 27];

/** Items spread over the last weeks in every category and region, so a report is full without a network. */
export function sampleContent(spec: SpecificationInput, now: Date): ContentItemInput[] {
  const items: ContentItemInput[] = [];
  spec.categories.forEach((category, c) => {
    const headlines = HEADLINES[category.id] ?? [`News about ${category.name}`];
    spec.regions.forEach((region, r) => {
      AGES_IN_DAYS.forEach((age, i) => {
        const headline = headlines[(i + r) % headlines.length];
        const slug = `${category.id}-${region}-${i}`.toLowerCase().replace(/[^a-z0-9]+/g, "-");
        items.push({
          category_id: category.id,
          region,
          title: `${headline} (${region})`,
          url: `https://example.com/sample/${slug}`,
          summary: `${headline}: what happened in ${region} this period, and what it means for ${category.name.toLowerCase()} teams.`,
          published_at: new Date(now.getTime() - (age + c * 0.01) * 86_400_000).toISOString(),
          source: "Autopilot sample",
        });
      });
    });
  });
  return items;
}
