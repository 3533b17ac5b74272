-- Cases: pipelines with ordered stages, queues, the cases themselves with a gap-free per-tenant number,
-- and each case's status history. Links to other features' records (contacts) are plain uuids.

-- A pipeline is a small configuration document edited as a whole: its stages (ordered, with a terminal
-- flag and the roles allowed to set them) and its allowed transitions (null: any move is allowed).
CREATE TABLE pipelines (
    tenant_id    uuid        NOT NULL REFERENCES organizations (id),
    id           uuid        NOT NULL,
    name         text        NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    is_default   boolean     NOT NULL DEFAULT false,
    stages       jsonb       NOT NULL,
    transitions  jsonb,
    version      integer     NOT NULL DEFAULT 1,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX pipelines_name_key ON pipelines (tenant_id, lower(name));
-- At most one default pipeline per tenant; lazy creation relies on it (ON CONFLICT DO NOTHING).
CREATE UNIQUE INDEX pipelines_default_key ON pipelines (tenant_id) WHERE is_default;

CREATE TABLE case_queues (
    tenant_id    uuid        NOT NULL REFERENCES organizations (id),
    id           uuid        NOT NULL,
    name         text        NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    description  text,
    team_id      uuid,
    version      integer     NOT NULL DEFAULT 1,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX case_queues_name_key ON case_queues (tenant_id, lower(name));

-- The last case number handed out per tenant; incremented in the creating transaction, so a rolled
-- back creation gives its number back and numbers stay gap-free.
CREATE TABLE case_counters (
    tenant_id    uuid        NOT NULL REFERENCES organizations (id),
    last_number  bigint      NOT NULL,
    PRIMARY KEY (tenant_id)
);

CREATE TABLE cases (
    tenant_id       uuid        NOT NULL REFERENCES organizations (id),
    id              uuid        NOT NULL,
    number          bigint      NOT NULL,
    title           text        NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
    contact_id      uuid,
    pipeline_id     uuid        NOT NULL,
    stage           text        NOT NULL,
    previous_stage  text,
    priority        text        NOT NULL DEFAULT 'normal' CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
    owner_user_id   uuid,
    owner_queue_id  uuid,
    team_id         uuid,
    source          text        NOT NULL DEFAULT 'manual' CHECK (source IN ('manual', 'meta', 'email', 'api')),
    campaign        jsonb,
    archived_at     timestamptz,
    version         integer     NOT NULL DEFAULT 1,
    created_by      uuid,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT cases_number_key UNIQUE (tenant_id, number),
    FOREIGN KEY (tenant_id, pipeline_id) REFERENCES pipelines (tenant_id, id),
    FOREIGN KEY (tenant_id, owner_queue_id) REFERENCES case_queues (tenant_id, id)
);
CREATE INDEX cases_stage_idx ON cases (tenant_id, stage, id);
CREATE INDEX cases_owner_user_idx ON cases (tenant_id, owner_user_id, id);
CREATE INDEX cases_owner_queue_idx ON cases (tenant_id, owner_queue_id, id) WHERE owner_queue_id IS NOT NULL;
CREATE INDEX cases_team_idx ON cases (tenant_id, team_id, id) WHERE team_id IS NOT NULL;
CREATE INDEX cases_contact_idx ON cases (tenant_id, contact_id, id) WHERE contact_id IS NOT NULL;
CREATE INDEX cases_created_idx ON cases (tenant_id, created_at);

CREATE TABLE case_status_history (
    tenant_id   uuid        NOT NULL,
    id          uuid        NOT NULL,
    case_id     uuid        NOT NULL,
    from_stage  text,
    to_stage    text        NOT NULL,
    reason      text,
    actor_id    uuid,
    at          timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, case_id) REFERENCES cases (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX case_status_history_case_idx ON case_status_history (tenant_id, case_id, id);

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['pipelines', 'case_queues', 'case_counters', 'cases', 'case_status_history']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = app_tenant()) '
                       'WITH CHECK (tenant_id = app_tenant())', t);
    END LOOP;
END $$;

GRANT SELECT, INSERT, UPDATE, DELETE ON pipelines, case_queues, case_counters, cases, case_status_history TO ${appRole};
