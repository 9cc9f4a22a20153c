CREATE INDEX ON update_operation (updater);

CREATE INDEX ON vuln (updater);

CREATE INDEX ON uo_vuln (vuln);

CREATE INDEX ON uo_vuln (uo);
