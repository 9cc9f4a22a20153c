CREATE INDEX ON jobs_fqn (namespace_name, job_fqn);
