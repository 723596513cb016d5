/** An endpoint shown by its host: its path may hold a token (Slack's incoming webhooks do). */
export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
