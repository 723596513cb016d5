import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, expect, it, vi } from "vitest";
import { getReportFile } from "@/lib/db/report-files";
import { getSummaryUsage } from "@/lib/summary/summary-usage";
import type { Actor } from "@/lib/db/transactions";
import { createStarterWorkspace } from "@/lib/workspaces/starter-workspace";
import { executeGenerator } from "./helpers/execute-generator";
import { describeEachDatabase } from "./helpers/test-database";
import { createUser } from "./helpers/users";

type Reply = { status?: number; headers?: Record<string, string>; body?: string; delayMs?: number };

/** A loopback Chat Completions server: answers each request with the next queued reply, and records what it was asked. */
async function startModelServer() {
  const replies: Reply[] = [];
  const asked: { authorization?: string; body: { model: string; stream: boolean; messages: { role: string; content: string }[] } }[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      asked.push({ authorization: request.headers.authorization, body: JSON.parse(Buffer.concat(chunks).toString("utf8")) });
      const reply = replies.shift() ?? { status: 500, body: "no reply queued" };
      setTimeout(() => {
        if (response.destroyed) return;
        response.writeHead(reply.status ?? 200, { "content-type": "application/json", ...reply.headers }).end(reply.body ?? "");
      }, reply.delayMs ?? 0).unref();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    asked,
    queue: (...more: Reply[]) => replies.push(...more),
    reset: () => {
      replies.length = 0;
      asked.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A Chat Completions answer whose message is `content`, with the usage the server reports. */
const completion = (content: unknown, tokens = 321): Reply => ({
  body: JSON.stringify({ id: "cmpl-1", object: "chat.completion", choices: [{ index: 0, message: { role: "assistant", content: typeof content === "string" ? content : JSON.stringify(content) }, finish_reason: "stop" }], usage: { total_tokens: tokens } }),
});

describeEachDatabase("the editor's summary through an OpenAI-compatible server", (db) => {
  let owner: Actor, workspaceId: string, specId: string, model: Awaited<ReturnType<typeof startModelServer>>;

  beforeAll(async () => {
    model = await startModelServer();
    owner = await createUser(db(), { name: "summary" });
    workspaceId = (await createStarterWorkspace(db(), owner)).id;
    specId = (await db().query<{ id: string }>("select id from newsletter_specifications where workspace_id = $1", [workspaceId])).rows[0].id;
  });
  afterAll(() => model.close());
  afterEach(() => {
    vi.unstubAllEnvs();
    model.reset();
  });

  const configure = (extra: Record<string, string> = {}) => {
    vi.stubEnv("OPENAI_BASE_URL", model.url);
    vi.stubEnv("OPENAI_API_KEY", "sk-test-key");
    vi.stubEnv("AUTOPILOT_SUMMARY_MODEL", "test-model");
    for (const [name, value] of Object.entries(extra)) vi.stubEnv(name, value);
  };
  const generate = async () => {
    const run = await executeGenerator(db(), { workspaceId, specificationId: specId, actor: { kind: "user", id: owner.id, email: owner.email }, trigger: "manual", cadenceOverride: "weekly", editorSummary: true });
    const html = (await getReportFile(db(), { workspaceId, runId: run.id }))?.html ?? "";
    const { rows } = await db().query<{ summary_tokens: number | null; summary_ms: number | null; summary_note: string | null }>("select summary_tokens, summary_ms, summary_note from newsletter_runs where id = $1", [run.id]);
    return { run, html, cost: rows[0] };
  };
  /** The numbered items the server was given, as it read them. */
  const givenItems = () => JSON.parse(model.asked[0].body.messages[1].content).sections.flatMap((s: { items: { n: number; title: string }[] }) => s.items);

  it("writes an intro and section sentences that cite their items, drops invented numbers, escapes markup, and records its cost", async () => {
    configure();
    // The first call shows what the model is given; the reply below cites items 1 and 2 by number.
    model.queue(
      completion({
        intro: [
          { text: "Two stories lead this week <script>alert('x')</script>.", items: [1, 2] },
          { text: "Sales grew 45% in a quarter.", items: [1] }, // no item says 45: dropped
          { text: "An unsupported sentence.", items: [] }, // cites nothing: dropped
        ],
        sections: [{ category: "Artificial Intelligence", sentences: [{ text: "Technology news in short.", items: [1] }] }],
      }),
    );
    const { run, html, cost } = await generate();
    expect(run.status).toBe("success");
    expect(model.asked).toHaveLength(1);
    expect(model.asked[0].authorization).toBe("Bearer sk-test-key");
    expect(model.asked[0].body).toMatchObject({ model: "test-model", stream: false });
    expect(givenItems()[0]).toMatchObject({ n: 1, title: expect.any(String) });
    expect(html).toContain("Editor's summary");
    expect(html).toContain("Two stories lead this week &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;.");
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("45%");
    expect(html).not.toContain("An unsupported sentence");
    expect(html).toContain("Technology news in short.");
    expect(html).toContain("Written by a language model (report-summary-v1)");
    expect(html).toMatch(/title="[^"]+" rel="noopener noreferrer" target="_blank" style="color:#2449ad;font-size:11px;text-decoration:none">\[1\]<\/a>/);
    expect(run.notes).toEqual([]);
    expect(cost).toMatchObject({ summary_tokens: 321, summary_note: null });
    expect(cost.summary_ms).toBeGreaterThanOrEqual(0);
    // The month's count holds what the call used (the reservation before it is corrected to the answer's usage).
    expect(await getSummaryUsage(owner, workspaceId)).toEqual({ month: new Date().toISOString().slice(0, 7), tokens: 321, budget: 200_000 });
  });

  it("waits out a 429's Retry-After and tries again; gives up on repeated 500s and ships the report saying why", async () => {
    configure();
    model.queue({ status: 429, headers: { "retry-after": "1" }, body: "{}" }, completion({ intro: [{ text: "After a pause.", items: [1] }], sections: [] }));
    const retried = await generate();
    expect(model.asked).toHaveLength(2);
    expect(retried.html).toContain("After a pause.");

    model.reset();
    model.queue({ status: 500 }, { status: 500 }, { status: 500 });
    const failed = await generate();
    expect(model.asked).toHaveLength(3);
    expect(failed.run.status).toBe("success");
    expect(failed.run.notes).toEqual(["Editor's summary unavailable: the model's server answered 500"]);
    expect(failed.html).not.toContain("Editor's summary</strong>");
    expect(failed.html).toContain("Editor&#39;s summary unavailable: the model&#39;s server answered 500");
    expect(failed.cost.summary_note).toBe("Editor's summary unavailable: the model's server answered 500");
  }, 20_000);

  it("a slow answer, a body that is not JSON, and a message that is not the JSON asked for: the report ships without it", async () => {
    configure({ AUTOPILOT_SUMMARY_TIMEOUT_SECONDS: "1" });
    model.queue({ ...completion({ intro: [] }), delayMs: 3_000 });
    expect((await generate()).run.notes).toEqual(["Editor's summary unavailable: no answer within 1 s"]);
    model.queue({ body: "{not json" });
    expect((await generate()).run.notes).toEqual(["Editor's summary unavailable: the model's server answered something that is not JSON"]);
    model.queue(completion("Here is your summary: it was a good week."));
    expect((await generate()).run.notes).toEqual(["Editor's summary unavailable: the model's answer was not the JSON asked for"]);
  }, 20_000);

  it("stops calling once the workspace's monthly token budget is used up", async () => {
    configure({ AUTOPILOT_SUMMARY_TOKENS_PER_MONTH: "50" });
    const { run } = await generate();
    expect(model.asked).toHaveLength(0);
    expect(run.notes).toEqual(["Editor's summary unavailable: this workspace's monthly budget of 50 tokens is used up"]);
  });

  it("without the settings nothing is asked and nothing is said", async () => {
    const { run, html, cost } = await generate();
    expect(model.asked).toHaveLength(0);
    expect(run.notes).toEqual([]);
    expect(html).not.toContain("Editor's summary");
    expect(cost).toMatchObject({ summary_tokens: null, summary_note: null });
  });
});
