ALTER TABLE builds DROP COLUMN documentation_size;
ALTER TABLE releases DROP COLUMN source_size;
