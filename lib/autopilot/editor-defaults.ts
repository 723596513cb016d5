/**
 * A new schedule's editor fields past its timing, content and email: no chat channel or webhook, runs at its
 * own time (after no other schedule), reports on its own specification only. Shared by the editor in the
 * browser and the server's template values; fresh arrays on each call, since the form changes them.
 */
export function noChannelsDependencyOrBatch() {
  return {
    slack_urls: [],
    teams_urls: [],
    discord_urls: [],
    webhooks: [],
    depends_on_schedule_id: "",
    wait_minutes: "",
    batch_specification_ids: [],
  };
}
