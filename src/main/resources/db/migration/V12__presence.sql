-- When each user was last connected to the realtime gateway. Live status (online, away, busy, dnd)
-- lives in the gateway's memory; only the last-seen time survives restarts.
CREATE TABLE presence (
    tenant_id     uuid        NOT NULL,
    user_id       uuid        NOT NULL,
    last_seen_at  timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, user_id)
);

ALTER TABLE presence ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON presence USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());
GRANT SELECT, INSERT, UPDATE, DELETE ON presence TO ${appRole};
