-- Attachments: files uploaded to a record (entity_type + entity_id, a plain link like notes have). The file
-- itself lives in the attachment store under a name the server makes from the tenant and the id; the name the
-- client gave is kept here for display only.
CREATE TABLE attachments (
    tenant_id        uuid        NOT NULL REFERENCES organizations (id),
    id               uuid        NOT NULL,
    entity_type      text        NOT NULL CHECK (entity_type ~ '^[a-z_]{1,40}$'),
    entity_id        uuid        NOT NULL,
    filename         text        NOT NULL CHECK (length(filename) BETWEEN 1 AND 255),
    content_type     text        NOT NULL,
    size_bytes       bigint      NOT NULL CHECK (size_bytes > 0),
    sha256           text        NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    uploaded_by      uuid,
    created_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT attachments_uploader_fk FOREIGN KEY (tenant_id, uploaded_by) REFERENCES users (tenant_id, id)
);
-- A record's attachments, newest first.
CREATE INDEX attachments_entity_idx ON attachments (tenant_id, entity_type, entity_id, id DESC);

ALTER TABLE attachments ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON attachments USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());
GRANT SELECT, INSERT, UPDATE, DELETE ON attachments TO ${appRole};
