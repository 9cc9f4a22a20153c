ALTER TABLE releases DROP COLUMN doc_rustc_version;
