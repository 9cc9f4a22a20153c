-- what later migrations do to triggers: replace, rename, disable, drop, and drop the table they are on
CREATE OR REPLACE TRIGGER orders_audit AFTER INSERT OR DELETE ON orders FOR EACH ROW EXECUTE FUNCTION audit.record_order();
ALTER TRIGGER orders_touch ON orders RENAME TO orders_set_updated_at;
ALTER TABLE orders DISABLE TRIGGER orders_truncate;
ALTER TABLE "Order Lines" ENABLE REPLICA TRIGGER lines_check, ENABLE ALWAYS TRIGGER "Lines Dynamic";
DROP TRIGGER IF EXISTS no_such_trigger ON orders;
DROP TABLE scratch;
ALTER TABLE "Order Lines" RENAME TO order_lines;
SET search_path TO audit, public;
CREATE FUNCTION touch_log() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER log_touch BEFORE UPDATE ON log FOR EACH ROW EXECUTE FUNCTION touch_log();
DROP TRIGGER log_touch ON audit.log;
CREATE TRIGGER log_touch2 BEFORE UPDATE ON log FOR EACH ROW EXECUTE FUNCTION touch_log();
-- UPDATE OF follows a renamed column (tgattr holds its number); a renamed partitioned table keeps its partition
ALTER TABLE public.orders RENAME COLUMN total TO amount;
ALTER TABLE public.events RENAME TO event_log;
CREATE TABLE public.event_log_2025 PARTITION OF public.event_log FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
