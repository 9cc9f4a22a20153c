ALTER TABLE repositories ADD COLUMN override_build_priority INTEGER;
