-- Notes: sanitised rich text attached to any record (entity_type + entity_id, a plain link: the
-- parent tables belong to other features). Only soft-deleted.
CREATE TABLE notes (
    tenant_id       uuid        NOT NULL REFERENCES organizations (id),
    id              uuid        NOT NULL,
    entity_type     text        NOT NULL CHECK (entity_type ~ '^[a-z_]{1,40}$'),
    entity_id       uuid        NOT NULL,
    author_user_id  uuid        NOT NULL,
    visibility      text        NOT NULL CHECK (visibility IN ('private', 'team', 'org')),
    -- The sharing team of a team note; a plain id, so deleting a team leaves its notes to their authors and managers.
    team_id         uuid,
    body            text        NOT NULL CHECK (length(body) BETWEEN 1 AND 100000),
    pinned          boolean     NOT NULL DEFAULT false,
    version         integer     NOT NULL DEFAULT 1,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    deleted_at      timestamptz,
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT notes_author_fk FOREIGN KEY (tenant_id, author_user_id) REFERENCES users (tenant_id, id),
    CONSTRAINT notes_team_check CHECK ((visibility = 'team') = (team_id IS NOT NULL))
);
-- A record's notes, pinned first, then newest.
CREATE INDEX notes_entity_idx ON notes (tenant_id, entity_type, entity_id, pinned DESC, id DESC) WHERE deleted_at IS NULL;

ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON notes USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());
GRANT SELECT, INSERT, UPDATE, DELETE ON notes TO ${appRole};
