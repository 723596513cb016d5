import { expect, it } from "vitest";
import { plainMessage } from "@/components/autopilot/form-messages";
import { parseSchedule } from "@/lib/schedule/schedule-config";
import { ScheduleValidationError } from "@/lib/schedule/schedule-error";
import { scheduleCreateSchema } from "@/lib/validation/schedule";

/** The API's message for a custom schedule with this cron expression. */
function cronMessage(cron_expression: string): string {
  try {
    parseSchedule({ schedule_type: "custom", schedule_config: { cron_expression } });
  } catch (error) {
    if (error instanceof ScheduleValidationError) return error.message;
  }
  throw new Error("accepted");
}

it("says the API's complaints as sentences about the field a person sees", () => {
  const nameIssue = scheduleCreateSchema.safeParse({ schedule_name: "" }).error!.issues.find((issue) => issue.path[0] === "schedule_name")!;
  expect(nameIssue.message).toBe("schedule_name is required");
  expect(plainMessage("schedule_name", nameIssue.message)).toBe("Give the schedule a name.");
  expect(plainMessage("time", 'time must be a time of day from 00:00 to 23:59, e.g. "09:00"')).toBe("Enter a time of day such as 9:00, 14:30 or 9am.");
  expect(plainMessage("cron_expression", cronMessage("61 * * * *"))).toBe('The minute field allows 0–59; "61" is outside it.');
  expect(plainMessage("cron_expression", cronMessage("* * * * *"))).toBe("This would run every minute; a schedule may run at most once every 60 minutes.");
  expect(plainMessage("cron_expression", cronMessage("*/30 * * * *"))).toBe("This would run every 30 minutes; a schedule may run at most once every 60 minutes.");
  expect(plainMessage("email_to", "each recipient in to must be an email address")).toBe("Each recipient must be an email address; check for typos.");
  // The one that is wrong is named.
  const recipientIssue = scheduleCreateSchema.safeParse({ destinations: [{ type: "email", to: ["team@example.com", "not-an-address"] }] }).error!.issues.find((issue) => issue.path[0] === "destinations")!;
  expect(plainMessage("email_to", recipientIssue.message)).toBe("“not-an-address” is not an email address; check it for typos.");
  expect(plainMessage("webhooks.0.secret", "secret must be 16–200 characters")).toBe("The secret must be 16–200 characters long.");
  expect(plainMessage("slack_urls.1.url", "webhook_url must be an http(s) URL")).toBe("Enter a web address starting with https://.");
  expect(plainMessage("notes", "notes is at most 2000 characters")).toBe("This is at most 2000 characters.");
});
