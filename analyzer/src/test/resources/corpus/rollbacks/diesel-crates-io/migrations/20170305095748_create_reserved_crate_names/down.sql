DROP TRIGGER trigger_ensure_crate_name_not_reserved ON crates;
DROP FUNCTION ensure_crate_name_not_reserved();
DROP TABLE reserved_crate_names;
