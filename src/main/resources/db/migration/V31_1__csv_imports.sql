-- CSV imports run as jobs. A job reports its progress (rows read, imported, skipped, failed, and the row the import
-- has committed up to, so a run that died resumes after it) in `progress`; an import's rejected rows are kept in
-- import_errors, one line per field, ordered by row (the id encodes the row number and the error's place in it).
ALTER TABLE jobs ADD COLUMN progress jsonb;

CREATE TABLE import_errors (
    tenant_id   uuid    NOT NULL REFERENCES organizations (id),
    job_id      uuid    NOT NULL,
    id          uuid    NOT NULL,
    row_number  integer NOT NULL,
    field       text    NOT NULL,
    message     text    NOT NULL,
    PRIMARY KEY (tenant_id, job_id, id),
    FOREIGN KEY (tenant_id, job_id) REFERENCES jobs (tenant_id, id) ON DELETE CASCADE
);

ALTER TABLE import_errors ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON import_errors USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());
GRANT SELECT, INSERT, UPDATE, DELETE ON import_errors TO ${appRole};
