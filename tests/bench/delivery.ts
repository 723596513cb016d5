/**
 * Delivery at volume, on a Postgres server: BENCH_SCHEDULES (20) schedules of the sample specification, each
 * with BENCH_RECIPIENTS (50) email recipients, due at once; then
 *  1. one tick with the real generator and email not configured: the runs, their reports and the 1,000
 *     deliveries queued, next to the same tick without destinations (what queuing costs the tick);
 *  2. the deliver phase alone sending those 1,000 emails (report inline, HTML attached) through a local SMTP
 *     server (smtp-server, counting what it receives): emails/s and ms per delivery;
 *  3. the same for 1,000 signed webhooks to a local HTTP receiver.
 *
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:delivery
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { upsertContentItems } from "../../lib/db/content-items";
import type { Database } from "../../lib/db/database";
import { createFreshPostgresDatabase } from "../helpers/fresh-database";
import { withSystem } from "../../lib/db/transactions";
import { deliverDue, SENDS_AT_ONCE } from "../../lib/delivery/deliver-due";
import { SMTP_CONNECTIONS } from "../../lib/delivery/send-email";
import { runTick } from "../../lib/engine/run-tick";
import { sampleContent } from "../../lib/generator/sample-content";
import { createStarterWorkspace, SAMPLE_SPECIFICATION } from "../../lib/workspaces/starter-workspace";

const SERVER = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const SCHEDULES = Number(process.env.BENCH_SCHEDULES ?? 20);
const RECIPIENTS = Number(process.env.BENCH_RECIPIENTS ?? 50);

async function startCountingSmtp() {
  let received = 0;
  let bytes = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, _session, callback) {
      stream.on("data", (chunk: Buffer) => (bytes += chunk.length));
      stream.on("end", () => {
        received++;
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`,
    counts: () => ({ received, bytes }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function startCountingReceiver() {
  let received = 0;
  const server = createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      received++;
      response.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, received: () => received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** `SCHEDULES` daily schedules, each with `destinations(n)` rows, all due a minute ago. */
async function seedDue(db: Database, workspaceId: string, specId: string, ownerId: string, destinations: (schedule: number) => { type: string; target: string; secret: string | null }[]) {
  await db.query("update autopilot_schedules set enabled = false");
  const { rows } = await db.query<{ id: string }>(
    `insert into autopilot_schedules (specification_id, workspace_id, created_by, created_by_user_id, schedule_name, schedule_type, schedule_config, cadence_override, next_run_at)
     select $1, $2, 'bench@example.com', $3, 'bench ' || n, 'daily', '{"time":"09:00","timezone":"Europe/Berlin"}', 'daily', now() - interval '1 minute'
     from generate_series(1, $4::int) n returning id`,
    [specId, workspaceId, ownerId, SCHEDULES],
  );
  const rowsToInsert = rows.flatMap((row, index) => destinations(index).map((d) => ({ schedule_id: row.id, ...d })));
  if (rowsToInsert.length) {
    await db.query(
      `insert into autopilot_destinations (workspace_id, schedule_id, type, target, secret)
       select $1, x.schedule_id, x.type, x.target, x.secret from jsonb_to_recordset($2::jsonb) as x(schedule_id uuid, type text, target text, secret text)`,
      [workspaceId, JSON.stringify(rowsToInsert)],
    );
  }
}

async function timed<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const start = performance.now();
  const result = await work();
  return { result, ms: performance.now() - start };
}

async function main() {
  const { db } = await createFreshPostgresDatabase(SERVER, { prefix: "autopilot_bench" });
  const smtp = await startCountingSmtp();
  const receiver = await startCountingReceiver();
  try {
    const owner = (await db.query<{ id: string }>("insert into auth.users (email) values ('bench@example.com') returning id")).rows[0];
    const workspace = await createStarterWorkspace(db, { id: owner.id, email: "bench@example.com", isPlatformAdmin: false });
    const specId = (await db.query<{ id: string }>("select id from newsletter_specifications where workspace_id = $1", [workspace.id])).rows[0].id;
    await withSystem(db, (tx) => upsertContentItems(tx, { workspaceId: workspace.id, items: sampleContent(SAMPLE_SPECIFICATION, new Date()) }));
    const total = SCHEDULES * RECIPIENTS;
    console.log(`${SCHEDULES} schedules × ${RECIPIENTS} recipients = ${total} deliveries per round\n`);

    // 1. What queuing deliveries costs a tick (email not configured, so the tick only queues them).
    delete process.env.SMTP_URL;
    process.env.EMAIL_FROM = "Autopilot <bench@example.com>";
    process.env.APP_URL = "https://autopilot.example.com";
    process.env.AUTOPILOT_ALLOW_PRIVATE_ADDRESSES = "1";
    await seedDue(db, workspace.id, specId, owner.id, () => []);
    await runTick(db); // warm-up: the first tick loads code and plans
    await seedDue(db, workspace.id, specId, owner.id, () => []);
    const bare = await timed(() => runTick(db));
    await seedDue(db, workspace.id, specId, owner.id, (s) => Array.from({ length: RECIPIENTS }, (_, r) => ({ type: "email", target: `reader-${s}-${r}@example.com`, secret: null })));
    const queued = await timed(() => runTick(db));
    const pending = (await db.query<{ n: number }>("select count(*)::int as n from deliveries where status = 'pending' and type = 'email'")).rows[0].n;
    console.log(`tick, ${SCHEDULES} real reports, no destinations: ${bare.ms.toFixed(0)} ms (${bare.result.succeeded} succeeded)`);
    console.log(`tick, ${SCHEDULES} real reports, ${pending} deliveries queued: ${queued.ms.toFixed(0)} ms (${queued.result.succeeded} succeeded)`);
    console.log(`  → queuing costs the tick ${((queued.ms - bare.ms) / pending).toFixed(3)} ms per delivery (noisy: two ticks' difference)`);

    // 2. Sending them: the deliver phase alone, through the local SMTP server.
    process.env.SMTP_URL = smtp.url;
    const emails = await timed(() => deliverDue(db, { clock: () => new Date() }));
    const { received, bytes } = smtp.counts();
    console.log(`\nemail: ${emails.result.sent} sent (${received} received, ${(bytes / received / 1024).toFixed(0)} KB each with the attachment) in ${(emails.ms / 1000).toFixed(2)} s`);
    console.log(`  → ${((emails.result.sent / emails.ms) * 1000).toFixed(0)} emails/s, ${(emails.ms / emails.result.sent).toFixed(2)} ms per delivery (${SENDS_AT_ONCE} at once over ${SMTP_CONNECTIONS} pooled SMTP connections; the SMTP server runs in this process too)`);

    // 3. Signed webhooks to a local receiver.
    await seedDue(db, workspace.id, specId, owner.id, (s) => Array.from({ length: RECIPIENTS }, (_, r) => ({ type: "webhook", target: `${receiver.url}/${s}/${r}`, secret: "bench-secret-0123456789" })));
    delete process.env.SMTP_URL;
    const hooksTick = await timed(() => runTick(db));
    const hooks = hooksTick.result.deliveries;
    console.log(`\nwebhooks: one tick made ${hooksTick.result.succeeded} reports and sent ${hooks.sent} signed webhooks (${receiver.received()} received) in ${(hooksTick.ms / 1000).toFixed(2)} s`);
    console.log(`  → tick cost per webhook delivery ≈ ${((hooksTick.ms - bare.ms) / Math.max(1, hooks.sent)).toFixed(2)} ms (this tick minus the tick without destinations)`);
  } finally {
    await smtp.close();
    await receiver.close();
    await db.close();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
