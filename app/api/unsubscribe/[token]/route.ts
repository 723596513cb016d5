import { resubscribe, unsubscribe } from "@/lib/delivery/unsubscribe";
import { escapeHtml } from "@/lib/generator/html";

type Params = { params: Promise<{ token: string }> };

function page(title: string, body: string, status = 200): Response {
  return new Response(
    `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title></head>` +
      `<body style="font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;color:#1b2430"><h1 style="font-size:1.4rem">${escapeHtml(title)}</h1>${body}</body></html>`,
    { status, headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store", "referrer-policy": "no-referrer" } },
  );
}

// Opening the link only asks: mail scanners fetch links, and a GET must not unsubscribe anyone.
export async function GET() {
  return page(
    "Unsubscribe from this report?",
    `<p>You will no longer receive this scheduled report by email.</p><form method="post"><button type="submit" style="font-size:1rem;padding:.5rem 1rem">Unsubscribe</button></form>`,
  );
}

const RESUBSCRIBE_FORM = `<form method="post"><input type="hidden" name="action" value="resubscribe"><button type="submit" style="font-size:1rem;padding:.5rem 1rem">Subscribe again</button></form>`;

/**
 * RFC 8058 one-click: mail clients POST `List-Unsubscribe=One-Click`; the form above posts here too. The page
 * that confirms it offers "Subscribe again", which posts `action=resubscribe` with the same link.
 */
export async function POST(request: Request, { params }: Params) {
  const { token } = await params;
  const form = await request.formData().catch(() => null);
  if (form?.get("action") === "resubscribe") {
    const back = await resubscribe(token);
    if (!back) return page("Nothing to subscribe to", "<p>This link is not one that unsubscribed.</p>", 404);
    const to = back.scheduleName ? `“${escapeHtml(back.scheduleName)}” again` : "this workspace's reports again when someone adds the address";
    return page("Subscribed again", `<p>${escapeHtml(back.email)} will receive ${to}.</p>`);
  }
  const removed = await unsubscribe(token);
  if (!removed) return page("Nothing to unsubscribe", "<p>This link was already used, or its schedule no longer exists.</p>", 404);
  return page(
    "Unsubscribed",
    `<p>${escapeHtml(removed.email)} will no longer receive “${escapeHtml(removed.scheduleName)}”, and nobody in this workspace can add the address to its reports again. Unsubscribed by mistake?</p>${RESUBSCRIBE_FORM}`,
  );
}
