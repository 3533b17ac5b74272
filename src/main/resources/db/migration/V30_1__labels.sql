-- Managed labels: named, coloured and described per organization, applied by id to contacts, cases and
-- conversations. Renaming a label renames it everywhere, because records link to its id; deleting it removes
-- it from every record (the links cascade).
CREATE TABLE labels (
    tenant_id    uuid        NOT NULL REFERENCES organizations (id),
    id           uuid        NOT NULL,
    name         text        NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
    color        text        NOT NULL CHECK (color ~ '^#[0-9a-f]{6}$'),
    description  text        CHECK (length(description) <= 500),
    version      integer     NOT NULL DEFAULT 1,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id)
);
-- Names are unique per organization whatever their case.
CREATE UNIQUE INDEX labels_name_key ON labels (tenant_id, lower(name));

-- One link table per labelled record type, so that each link references its record and goes with it.
CREATE TABLE contact_labels (
    tenant_id   uuid        NOT NULL,
    record_id   uuid        NOT NULL,
    label_id    uuid        NOT NULL,
    applied_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, record_id, label_id),
    FOREIGN KEY (tenant_id, record_id) REFERENCES contacts (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, label_id) REFERENCES labels (tenant_id, id) ON DELETE CASCADE
);
CREATE TABLE case_labels (
    tenant_id   uuid        NOT NULL,
    record_id   uuid        NOT NULL,
    label_id    uuid        NOT NULL,
    applied_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, record_id, label_id),
    FOREIGN KEY (tenant_id, record_id) REFERENCES cases (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, label_id) REFERENCES labels (tenant_id, id) ON DELETE CASCADE
);
CREATE TABLE conversation_labels (
    tenant_id   uuid        NOT NULL,
    record_id   uuid        NOT NULL,
    label_id    uuid        NOT NULL,
    applied_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, record_id, label_id),
    FOREIGN KEY (tenant_id, record_id) REFERENCES conversations (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, label_id) REFERENCES labels (tenant_id, id) ON DELETE CASCADE
);
-- Filtering a list by label walks from the label to its records.
CREATE INDEX contact_labels_label_idx ON contact_labels (tenant_id, label_id, record_id);
CREATE INDEX case_labels_label_idx ON case_labels (tenant_id, label_id, record_id);
CREATE INDEX conversation_labels_label_idx ON conversation_labels (tenant_id, label_id, record_id);

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['labels', 'contact_labels', 'case_labels', 'conversation_labels']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = app_tenant()) '
                       'WITH CHECK (tenant_id = app_tenant())', t);
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO ${appRole}', t);
    END LOOP;
END $$;

-- Free-text contact tags match whatever their case: `?tag=VIP` finds "vip". The lower-cased tags are indexed.
CREATE FUNCTION lower_tags(tags text[]) RETURNS text[]
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT coalesce(array_agg(lower(t)), '{}') FROM unnest(tags) t $$;
CREATE INDEX contacts_lower_tags_idx ON contacts USING gin (lower_tags(tags));
