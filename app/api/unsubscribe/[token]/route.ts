import { unsubscribe } from "@/lib/delivery/unsubscribe";
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

/** RFC 8058 one-click: mail clients POST `List-Unsubscribe=One-Click`; the form above posts here too. */
export async function POST(_request: Request, { params }: Params) {
  const { token } = await params;
  const removed = await unsubscribe(token);
  if (!removed) return page("Nothing to unsubscribe", "<p>This link was already used, or its schedule no longer exists.</p>", 404);
  return page("Unsubscribed", `<p>${escapeHtml(removed.email)} will no longer receive “${escapeHtml(removed.scheduleName)}”.</p>`);
}
