-- Per-user notifications and notification settings.

CREATE TABLE notifications (
    tenant_id    uuid        NOT NULL,
    id           uuid        NOT NULL,
    user_id      uuid        NOT NULL,
    type         text        NOT NULL CHECK (length(type) BETWEEN 1 AND 64),
    title        text        NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
    body         text        CHECK (length(body) <= 1000),
    link         text        CHECK (length(link) <= 500),
    entity_type  text,
    entity_id    uuid,
    -- Set while the notification still collapses repeats (the first hour after it was created); NULL
    -- afterwards, so the unique index below only ever holds one open notification per key.
    dedupe_key   text        CHECK (length(dedupe_key) <= 200),
    count        integer     NOT NULL DEFAULT 1 CHECK (count >= 1),
    read_at      timestamptz,
    version      integer     NOT NULL DEFAULT 1,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX notifications_user_idx ON notifications (tenant_id, user_id, id DESC);
CREATE INDEX notifications_unread_idx ON notifications (tenant_id, user_id) WHERE read_at IS NULL;
-- The arbiter of INSERT ... ON CONFLICT: a repeat of an open (user, dedupe key) collapses into it atomically.
CREATE UNIQUE INDEX notifications_dedupe_key ON notifications (tenant_id, user_id, dedupe_key) WHERE dedupe_key IS NOT NULL;

-- Only a user's deviations from the defaults (every channel on) are stored.
CREATE TABLE notification_settings (
    tenant_id   uuid        NOT NULL,
    user_id     uuid        NOT NULL,
    type        text        NOT NULL CHECK (length(type) BETWEEN 1 AND 64),
    in_app      boolean     NOT NULL,
    email       boolean     NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, user_id, type),
    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
);

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['notifications', 'notification_settings']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = app_tenant()) '
                       'WITH CHECK (tenant_id = app_tenant())', t);
    END LOOP;
END $$;

GRANT SELECT, INSERT, UPDATE, DELETE ON notifications, notification_settings TO ${appRole};
