-- Microsoft Teams and Discord channels, posted to through their incoming webhooks like Slack's: the URL is
-- the secret (kept in `secret`), `target` is its label.
alter table public.autopilot_destinations drop constraint autopilot_destinations_type_check;
alter table public.autopilot_destinations add constraint autopilot_destinations_type_check check (type in ('email', 'slack', 'teams', 'discord', 'webhook'));
alter table public.deliveries drop constraint deliveries_type_check;
alter table public.deliveries add constraint deliveries_type_check check (type in ('email', 'slack', 'teams', 'discord', 'webhook'));
