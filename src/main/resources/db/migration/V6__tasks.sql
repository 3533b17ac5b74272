-- Tasks with their comments and time logs. Links to cases and contacts are plain uuids (those
-- records live in other features); assignee and team reference the tenancy tables.

CREATE TABLE tasks (
    tenant_id          uuid        NOT NULL,
    id                 uuid        NOT NULL,
    title              text        NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    description        text,
    case_id            uuid,
    contact_id         uuid,
    assignee_user_id   uuid,
    assignee_queue_id  uuid,
    due_at             timestamptz,
    priority           text        NOT NULL DEFAULT 'normal' CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
    status             text        NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in_progress', 'done', 'cancelled')),
    completed_at       timestamptz,
    created_by         uuid        NOT NULL,
    team_id            uuid,
    version            integer     NOT NULL DEFAULT 1,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    deleted_at         timestamptz,
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT tasks_assignee_user_fkey FOREIGN KEY (tenant_id, assignee_user_id) REFERENCES users (tenant_id, id),
    CONSTRAINT tasks_created_by_fkey FOREIGN KEY (tenant_id, created_by) REFERENCES users (tenant_id, id),
    CONSTRAINT tasks_team_fkey FOREIGN KEY (tenant_id, team_id) REFERENCES teams (tenant_id, id) ON DELETE SET NULL (team_id)
);
CREATE INDEX tasks_assignee_idx ON tasks (tenant_id, assignee_user_id) WHERE deleted_at IS NULL;
CREATE INDEX tasks_due_idx ON tasks (tenant_id, due_at) WHERE deleted_at IS NULL AND status IN ('open', 'in_progress');
CREATE INDEX tasks_case_idx ON tasks (tenant_id, case_id) WHERE case_id IS NOT NULL;
CREATE INDEX tasks_contact_idx ON tasks (tenant_id, contact_id) WHERE contact_id IS NOT NULL;

CREATE TABLE task_comments (
    tenant_id       uuid        NOT NULL,
    id              uuid        NOT NULL,
    task_id         uuid        NOT NULL,
    author_user_id  uuid        NOT NULL,
    body            text        NOT NULL CHECK (length(body) BETWEEN 1 AND 10000),
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, task_id) REFERENCES tasks (tenant_id, id),
    FOREIGN KEY (tenant_id, author_user_id) REFERENCES users (tenant_id, id)
);
CREATE INDEX task_comments_task_idx ON task_comments (tenant_id, task_id, id);

CREATE TABLE task_time_logs (
    tenant_id   uuid        NOT NULL,
    id          uuid        NOT NULL,
    task_id     uuid        NOT NULL,
    user_id     uuid        NOT NULL,
    minutes     integer     NOT NULL CHECK (minutes > 0),
    note        text,
    logged_at   timestamptz NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, task_id) REFERENCES tasks (tenant_id, id),
    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id)
);
CREATE INDEX task_time_logs_task_idx ON task_time_logs (tenant_id, task_id, id);

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['tasks', 'task_comments', 'task_time_logs']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = app_tenant()) '
                       'WITH CHECK (tenant_id = app_tenant())', t);
    END LOOP;
END $$;
GRANT SELECT, INSERT, UPDATE, DELETE ON tasks, task_comments, task_time_logs TO ${appRole};
