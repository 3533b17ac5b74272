-- Canned responses: reply templates of the organization (owner_user_id NULL) or of one user. A short code is
-- unique within its scope; the body is a Mustache template rendered like email templates.
CREATE TABLE canned_responses (
    tenant_id        uuid        NOT NULL REFERENCES organizations (id),
    id               uuid        NOT NULL,
    owner_user_id    uuid,
    short_code       text        NOT NULL CHECK (short_code ~ '^[a-z0-9_-]{1,40}$'),
    name             text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    body             text        NOT NULL CHECK (length(body) BETWEEN 1 AND 20000),
    version          integer     NOT NULL DEFAULT 1,
    created_by       uuid,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT canned_responses_owner_fk FOREIGN KEY (tenant_id, owner_user_id) REFERENCES users (tenant_id, id)
);
CREATE UNIQUE INDEX canned_responses_org_code_idx ON canned_responses (tenant_id, short_code) WHERE owner_user_id IS NULL;
CREATE UNIQUE INDEX canned_responses_user_code_idx ON canned_responses (tenant_id, owner_user_id, short_code)
    WHERE owner_user_id IS NOT NULL;
-- Text search over name and body for ?q=.
CREATE INDEX canned_responses_text_idx ON canned_responses
    USING gin (to_tsvector('simple', name || ' ' || body));

ALTER TABLE canned_responses ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON canned_responses USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());
GRANT SELECT, INSERT, UPDATE, DELETE ON canned_responses TO ${appRole};
