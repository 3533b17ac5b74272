-- Saved views: a user's named filter and sort set for one record list, kept private, shared with one team
-- or with the whole organization.
CREATE TABLE saved_views (
    tenant_id      uuid        NOT NULL REFERENCES organizations (id),
    id             uuid        NOT NULL,
    owner_user_id  uuid        NOT NULL,
    name           text        NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    resource_type  text        NOT NULL CHECK (resource_type IN ('contacts', 'cases', 'tasks', 'conversations', 'appointments', 'notes')),
    filters        jsonb       NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(filters) = 'object'),
    sort           text        CHECK (length(sort) <= 64),
    visibility     text        NOT NULL CHECK (visibility IN ('private', 'team', 'org')),
    team_id        uuid,
    version        integer     NOT NULL DEFAULT 1,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT saved_views_owner_fk FOREIGN KEY (tenant_id, owner_user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE,
    CONSTRAINT saved_views_team_fk FOREIGN KEY (tenant_id, team_id) REFERENCES teams (tenant_id, id) ON DELETE CASCADE,
    CONSTRAINT saved_views_team_check CHECK ((visibility = 'team') = (team_id IS NOT NULL))
);
CREATE INDEX saved_views_owner_idx ON saved_views (tenant_id, owner_user_id, id);
CREATE INDEX saved_views_shared_idx ON saved_views (tenant_id, visibility, team_id, id) WHERE visibility <> 'private';

ALTER TABLE saved_views ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON saved_views USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());
GRANT SELECT, INSERT, UPDATE, DELETE ON saved_views TO ${appRole};
