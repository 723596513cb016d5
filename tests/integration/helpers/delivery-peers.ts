import { afterAll, beforeAll, vi } from "vitest";
import { sendEmailThrough } from "./email-settings";
import { startHttpReceiver } from "./http-receiver";
import { startSmtpSink } from "./smtp-sink";

/**
 * For a describe block: a real SMTP sink the app sends through, and a loopback HTTP receiver (Slack,
 * webhooks) the app may reach, started before its tests and closed after them (settings restored).
 */
export function useDeliveryPeers() {
  const peers = {} as { smtp: Awaited<ReturnType<typeof startSmtpSink>>; http: Awaited<ReturnType<typeof startHttpReceiver>> };
  beforeAll(async () => {
    peers.smtp = await startSmtpSink();
    peers.http = await startHttpReceiver();
    sendEmailThrough(peers.smtp);
    vi.stubEnv("AUTOPILOT_ALLOW_PRIVATE_ADDRESSES", "1");
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await peers.smtp?.close();
    await peers.http?.close();
  });
  return peers;
}
