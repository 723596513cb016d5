-- A schedule's state includes its deliveries: it is "delivery failing" when the latest report delivery to
-- any of its destinations failed, gave up, or waits to be tried again after a failure. This index finds
-- that latest delivery per destination without sorting the destination's whole ledger.
create index deliveries_destination_latest_idx on public.deliveries (destination_id, created_at desc)
  where kind = 'report' and not is_test;
