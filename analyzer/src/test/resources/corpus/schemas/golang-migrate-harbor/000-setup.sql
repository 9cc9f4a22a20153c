-- Written for QueryLens, not part of the project: the table golang-migrate creates before it
-- runs the first migration (Harbor's migrations alter it).
CREATE TABLE IF NOT EXISTS schema_migrations (version bigint NOT NULL PRIMARY KEY, dirty boolean NOT NULL);
