-- Custom field definitions: typed fields an organization adds to contacts, cases, tasks and conversations. Values
-- live in each record's custom_fields map under the definition's key, which never changes; the label may. Archived
-- definitions take no new values but their stored values stay readable.
CREATE TABLE custom_field_definitions (
    tenant_id      uuid        NOT NULL REFERENCES organizations (id),
    id             uuid        NOT NULL,
    record_type    text        NOT NULL CHECK (record_type IN ('contact', 'case', 'task', 'conversation')),
    key            text        NOT NULL CHECK (key ~ '^[a-z][a-z0-9_]{0,39}$'),
    label          text        NOT NULL CHECK (length(label) BETWEEN 1 AND 100),
    type           text        NOT NULL CHECK (type IN ('text', 'number', 'date', 'boolean', 'single_select', 'multi_select',
                                                       'user', 'url')),
    options        text[]      NOT NULL DEFAULT '{}',
    required       boolean     NOT NULL DEFAULT false,
    default_value  jsonb,
    position       integer     NOT NULL DEFAULT 0,
    version        integer     NOT NULL DEFAULT 1,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    archived_at    timestamptz,
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT custom_field_definitions_key UNIQUE (tenant_id, record_type, key)
);

ALTER TABLE custom_field_definitions ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON custom_field_definitions USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());
GRANT SELECT, INSERT, UPDATE, DELETE ON custom_field_definitions TO ${appRole};

-- Cases, tasks and conversations carry a custom field map like contacts; lists filter by containment (?cf.<key>=value).
ALTER TABLE cases ADD COLUMN custom_fields jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(custom_fields) = 'object');
CREATE INDEX cases_custom_fields_idx ON cases USING gin (custom_fields jsonb_path_ops);
ALTER TABLE tasks ADD COLUMN custom_fields jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(custom_fields) = 'object');
CREATE INDEX tasks_custom_fields_idx ON tasks USING gin (custom_fields jsonb_path_ops);
ALTER TABLE conversations ADD COLUMN custom_fields jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(custom_fields) = 'object');
CREATE INDEX conversations_custom_fields_idx ON conversations USING gin (custom_fields jsonb_path_ops);
CREATE INDEX contacts_custom_fields_idx ON contacts USING gin (custom_fields jsonb_path_ops);
