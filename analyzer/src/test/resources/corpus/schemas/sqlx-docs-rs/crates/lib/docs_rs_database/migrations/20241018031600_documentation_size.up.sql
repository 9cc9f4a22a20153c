ALTER TABLE builds ADD COLUMN documentation_size BIGINT;
ALTER TABLE releases ADD COLUMN source_size BIGINT;
