/**
 * The editor speaks to people, the API to programs: the API's messages name JSON fields ("schedule_name is
 * required"); the form shows the same problem as a sentence about the field the person sees.
 */
const BY_FIELD: { field: RegExp; say: (message: string) => string }[] = [
  { field: /^schedule_name$/, say: (m) => (/required/.test(m) ? "Give the schedule a name." : "Keep the name under 256 characters.") },
  { field: /^time$/, say: () => "Enter a time of day such as 9:00, 14:30 or 9am." },
  { field: /^timezone$/, say: () => "Choose a time zone from the list." },
  { field: /^specification_id$/, say: (m) => (/inactive|not active/i.test(m) ? m : "Choose a specification from the list.") },
  {
    field: /^cron_expression$/,
    say: (m) => {
      const apart = /would run (\d+) minutes? apart; a schedule may run at most once every (\d+) minutes/.exec(m);
      if (apart) return `This would run every ${apart[1] === "1" ? "minute" : `${apart[1]} minutes`}; a schedule may run at most once every ${apart[2]} minutes.`;
      return sentence(m.replace(/^cron_expression:?\s*/, "").replace(/^Invalid cron expression:\s*/, "This is not a cron expression: "));
    },
  },
  {
    field: /^email_to$/,
    say: (m) => {
      const named = /^(“[^”]*”) is not an email address/.exec(m);
      if (named) return `${named[1]} is not an email address; check it for typos.`;
      return /at most/.test(m) ? "At most 50 recipients per schedule." : /at least/.test(m) ? "Add at least one address." : "Each recipient must be an email address; check for typos.";
    },
  },
  { field: /\.url$/, say: () => "Enter a web address starting with https://." },
  { field: /\.secret$/, say: (m) => (/required|needs/.test(m) ? "A new webhook needs a signing secret." : "The secret must be 16–200 characters long.") },
];

function sentence(text: string): string {
  const trimmed = text.trim();
  if (!trimmed) return trimmed;
  return `${trimmed[0].toUpperCase()}${trimmed.slice(1)}${/[.!?]$/.test(trimmed) ? "" : "."}`;
}

/** The form's words for an API message about `field` (a form field path, e.g. "webhooks.0.url"). */
export function plainMessage(field: string, message: string): string {
  const rule = BY_FIELD.find((r) => r.field.test(field));
  return rule ? rule.say(message) : sentence(message.replace(/^[a-z_]+(\.[a-z_0-9]+)* (is|must|holds)/, (match) => match.replace(/^[a-z_.0-9]+/, "This")));
}
