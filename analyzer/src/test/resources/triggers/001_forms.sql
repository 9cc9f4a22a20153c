-- PostgreSQL 15's CREATE/ALTER/DROP TRIGGER forms (hand-written: no corpus project uses all of them)
CREATE SCHEMA audit;
CREATE TABLE orders (id bigint PRIMARY KEY, status text NOT NULL, total numeric, updated_at timestamptz);
CREATE TABLE audit.log (id bigserial PRIMARY KEY, order_id bigint, what text);
CREATE TABLE "Order Lines" (id bigint PRIMARY KEY, order_id bigint, qty int);
CREATE TABLE scratch (id int);
CREATE TABLE events (id bigint, at date NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');

CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END $$;

CREATE FUNCTION audit.record_order() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO audit.log (order_id, what) VALUES (NEW.id, TG_OP);
  RETURN NULL;
END $$;

CREATE FUNCTION audit.count_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM count(*) FROM inserted;
  RETURN NULL;
END $$;

CREATE FUNCTION audit.dynamic() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('UPDATE %I SET qty = qty WHERE id = $1', TG_TABLE_NAME) USING NEW.id;
  RETURN NULL;
END $$;

CREATE TRIGGER orders_touch BEFORE INSERT OR UPDATE OF status, total ON orders
  FOR EACH ROW WHEN (NEW.status IS NOT NULL) EXECUTE FUNCTION touch();
CREATE TRIGGER orders_audit AFTER INSERT OR UPDATE OR DELETE ON public.orders FOR EACH ROW EXECUTE PROCEDURE audit.record_order();
CREATE TRIGGER orders_count AFTER INSERT ON orders REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION audit.count_rows();
CREATE TRIGGER orders_truncate AFTER TRUNCATE ON orders EXECUTE FUNCTION audit.count_rows();
CREATE CONSTRAINT TRIGGER lines_check AFTER INSERT OR UPDATE ON "Order Lines" DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION audit.record_order();
CREATE TRIGGER "Lines Dynamic" AFTER UPDATE ON "Order Lines" FOR EACH ROW EXECUTE FUNCTION audit.dynamic();
CREATE TRIGGER scratch_audit AFTER INSERT ON scratch FOR EACH ROW EXECUTE FUNCTION audit.record_order();
CREATE TRIGGER events_audit AFTER INSERT ON events FOR EACH ROW EXECUTE FUNCTION audit.record_order();
