-- Contacts: the people an organization works with.
--
-- Search: `?q=` matches substrings of name, email, company and phone ("acme", "jane@", "4155"), which
-- PostgreSQL full text search does not do (it matches whole lexemes and splits emails and phone numbers
-- in unhelpful ways). So the searchable text is one generated, lower-cased column with a trigram GIN
-- index, and queries use LIKE '%term%' on it, which that index serves.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE contacts (
    tenant_id      uuid        NOT NULL REFERENCES organizations (id),
    id             uuid        NOT NULL,
    first_name     text        CHECK (length(first_name) <= 100),
    last_name      text        CHECK (length(last_name) <= 100),
    full_name      text        NOT NULL CHECK (length(full_name) BETWEEN 1 AND 200),
    email          text        CHECK (email = lower(email)),
    phone          text        CHECK (phone ~ '^\+[1-9][0-9]{1,14}$'),
    company        text        CHECK (length(company) <= 200),
    region         text        CHECK (region ~ '^[A-Z]{2}$'),
    tags           text[]      NOT NULL DEFAULT '{}',
    owner_user_id  uuid,
    team_id        uuid,
    custom_fields  jsonb       NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(custom_fields) = 'object'),
    version        integer     NOT NULL DEFAULT 1,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    archived_at    timestamptz,
    search_text    text        GENERATED ALWAYS AS (lower(full_name || ' ' || coalesce(email, '') || ' '
                                   || coalesce(company, '') || ' ' || coalesce(phone, ''))) STORED,
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT contacts_owner_fk FOREIGN KEY (tenant_id, owner_user_id) REFERENCES users (tenant_id, id),
    CONSTRAINT contacts_team_fk FOREIGN KEY (tenant_id, team_id) REFERENCES teams (tenant_id, id) ON DELETE SET NULL (team_id)
);
-- Email is unique per organization among active contacts, case-insensitively (stored lower case).
CREATE UNIQUE INDEX contacts_email_active_key ON contacts (tenant_id, email) WHERE archived_at IS NULL AND email IS NOT NULL;
CREATE INDEX contacts_search_idx ON contacts USING gin (search_text gin_trgm_ops);
CREATE INDEX contacts_tags_idx ON contacts USING gin (tags);
CREATE INDEX contacts_owner_idx ON contacts (tenant_id, owner_user_id);
CREATE INDEX contacts_team_idx ON contacts (tenant_id, team_id);

ALTER TABLE contacts ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON contacts USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());
GRANT SELECT, INSERT, UPDATE, DELETE ON contacts TO ${appRole};

-- A portal customer's own contact (the column came with V2), and the contact an invite links its
-- customer to.
ALTER TABLE users ADD CONSTRAINT users_contact_fk FOREIGN KEY (tenant_id, contact_id) REFERENCES contacts (tenant_id, id);
ALTER TABLE invites ADD COLUMN contact_id uuid;
ALTER TABLE invites ADD CONSTRAINT invites_contact_fk FOREIGN KEY (tenant_id, contact_id) REFERENCES contacts (tenant_id, id);
