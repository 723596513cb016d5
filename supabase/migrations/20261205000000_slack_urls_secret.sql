-- A Slack incoming webhook's URL is its secret: whoever holds it posts to the channel. It moves to the
-- destination's `secret` column, which members cannot read (through the app or the Data API), and `target`
-- (readable) becomes a label: the host, the URL's last four characters and a fingerprint, as
-- lib/delivery/slack-webhook.ts makes it. Deliveries and the audit trail keep only the label too.

create function pg_temp.slack_label(url text) returns text language sql immutable as $$
  select coalesce(substring(url from '^[A-Za-z][A-Za-z0-9+.-]*://(?:[^/?#@]*@)?([^/?#]+)'), url)
         || ' …' || right(url, 4) || ' (' || left(encode(sha256(convert_to(url, 'UTF8')), 'hex'), 8) || ')'
$$;

update public.deliveries d
set target = pg_temp.slack_label(d.target)
where d.type = 'slack' and d.target ~ '^[A-Za-z][A-Za-z0-9+.-]*://';

update public.autopilot_destinations
set secret = target, target = pg_temp.slack_label(target)
where type = 'slack' and target ~ '^[A-Za-z][A-Za-z0-9+.-]*://';

update public.audit_log
set details = regexp_replace(details::text, '"type": "slack", "target": "[A-Za-z][A-Za-z0-9+.-]*://[^"]*"', '"type": "slack", "target": "(a Slack channel)"', 'g')::jsonb
where details::text like '%"type": "slack", "target": "%://%';
