import { vi } from "vitest";

/** Points the app's email settings at an SMTP sink (undone by `vi.unstubAllEnvs()`), with links to a fixed APP_URL. */
export function sendEmailThrough(sink: { url: string }): void {
  vi.stubEnv("SMTP_URL", sink.url);
  vi.stubEnv("EMAIL_FROM", "Autopilot <reports@example.com>");
  vi.stubEnv("APP_URL", "https://autopilot.example.com");
}
