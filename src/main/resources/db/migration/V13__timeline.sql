-- The timeline projection: one row per entry per record it belongs to, fed by domain events.

CREATE TABLE timeline_entries (
    tenant_id         uuid        NOT NULL,
    record_type       text        NOT NULL CHECK (record_type IN ('contact', 'case', 'conversation', 'appointment')),
    record_id         uuid        NOT NULL,
    entry_id          uuid        NOT NULL,
    at                timestamptz NOT NULL,
    type              text        NOT NULL CHECK (length(type) BETWEEN 1 AND 64),
    summary           text        NOT NULL CHECK (length(summary) BETWEEN 1 AND 500),
    actor_type        text        NOT NULL,
    actor_id          uuid,
    entity_type       text        NOT NULL,
    entity_id         uuid        NOT NULL,
    data              jsonb       NOT NULL DEFAULT '{}',
    -- the record whose read permission governs the entry (a message's conversation, a note, a task)
    source_type       text        NOT NULL,
    source_id         uuid        NOT NULL,
    -- notes: who besides the author reads it
    note_visibility   text,
    author_user_id    uuid,
    team_id           uuid,
    -- appointments: who sees the details
    owner_user_id     uuid,
    attendee_user_ids uuid[]      NOT NULL DEFAULT '{}',
    PRIMARY KEY (tenant_id, record_type, record_id, entry_id)
);
-- Keyset reads: ORDER BY at DESC, entry_id DESC within one record.
CREATE INDEX timeline_entries_page_idx ON timeline_entries (tenant_id, record_type, record_id, at DESC, entry_id DESC);
-- Visibility updates and deletes of one entity's entries.
CREATE INDEX timeline_entries_entity_idx ON timeline_entries (tenant_id, entity_type, entity_id);

-- What the projection knows about cases and conversations: their contact (for the contact rollup) and
-- a conversation's channel and subject (for message summaries).
CREATE TABLE timeline_parents (
    tenant_id    uuid NOT NULL,
    record_type  text NOT NULL,
    record_id    uuid NOT NULL,
    contact_id   uuid,
    channel      text,
    subject      text,
    PRIMARY KEY (tenant_id, record_type, record_id)
);

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['timeline_entries', 'timeline_parents']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = app_tenant()) '
                       'WITH CHECK (tenant_id = app_tenant())', t);
    END LOOP;
END $$;

GRANT SELECT, INSERT, UPDATE, DELETE ON timeline_entries, timeline_parents TO ${appRole};
