-- Conversations (omnichannel threads), their messages and per-user read receipts.
-- contact_id links a contact of the contacts feature as a plain uuid (no cross-feature key); the
-- assignee and team are users and teams of the organization.

CREATE TABLE conversations (
    tenant_id         uuid        NOT NULL REFERENCES organizations (id),
    id                uuid        NOT NULL,
    channel           text        NOT NULL CHECK (channel IN ('email', 'web_chat', 'sms', 'internal')),
    contact_id        uuid,
    subject           text        CHECK (length(subject) <= 500),
    status            text        NOT NULL DEFAULT 'open'
                                  CHECK (status IN ('open', 'pending', 'snoozed', 'resolved', 'closed')),
    snoozed_until     timestamptz,
    priority          text        NOT NULL DEFAULT 'normal' CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
    assignee_user_id  uuid,
    team_id           uuid,
    labels            text[]      NOT NULL DEFAULT '{}',
    last_message_at   timestamptz,
    created_by        uuid,
    version           integer     NOT NULL DEFAULT 1,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT conversations_snooze_check CHECK ((status = 'snoozed') = (snoozed_until IS NOT NULL)),
    CONSTRAINT conversations_assignee_fkey FOREIGN KEY (tenant_id, assignee_user_id) REFERENCES users (tenant_id, id)
        ON DELETE SET NULL (assignee_user_id),
    CONSTRAINT conversations_team_fkey FOREIGN KEY (tenant_id, team_id) REFERENCES teams (tenant_id, id)
        ON DELETE SET NULL (team_id)
);
CREATE INDEX conversations_assignee_idx ON conversations (tenant_id, assignee_user_id);
CREATE INDEX conversations_team_idx ON conversations (tenant_id, team_id);
CREATE INDEX conversations_contact_idx ON conversations (tenant_id, contact_id);
CREATE INDEX conversations_labels_idx ON conversations USING gin (labels);

-- Delivery states of outbound messages, ranked: a report only replaces a lower-ranked state, so a late
-- "delivered" never hides a "bounced" or "failed" and a replayed "sent" never undoes "opened".
CREATE FUNCTION message_delivery_rank(p_status text) RETURNS integer
    LANGUAGE sql IMMUTABLE
AS $$
    SELECT CASE p_status
        WHEN 'queued' THEN 0 WHEN 'sent' THEN 1 WHEN 'delivered' THEN 2 WHEN 'opened' THEN 3
        WHEN 'clicked' THEN 4 WHEN 'complained' THEN 5 WHEN 'bounced' THEN 6 WHEN 'failed' THEN 6
        ELSE -1 END
$$;

CREATE TABLE messages (
    tenant_id            uuid        NOT NULL,
    id                   uuid        NOT NULL,
    conversation_id      uuid        NOT NULL,
    direction            text        NOT NULL CHECK (direction IN ('inbound', 'outbound', 'internal_note')),
    body                 text        NOT NULL CHECK (length(body) BETWEEN 1 AND 20000),
    sender_user_id       uuid,
    sender_contact_id    uuid,
    delivery_status      text        CHECK (delivery_status IN ('queued', 'sent', 'delivered', 'opened', 'clicked',
                                                             'complained', 'bounced', 'failed')),
    delivery_updated_at  timestamptz,
    email_message_id     text        CHECK (length(email_message_id) <= 998),
    in_reply_to          text        CHECK (length(in_reply_to) <= 998),
    email_references     text[]      NOT NULL DEFAULT '{}',
    version              integer     NOT NULL DEFAULT 1,
    created_at           timestamptz NOT NULL DEFAULT now(),
    deleted_at           timestamptz,
    deleted_by           uuid,
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT messages_delivery_check CHECK ((direction = 'outbound') = (delivery_status IS NOT NULL)),
    FOREIGN KEY (tenant_id, conversation_id) REFERENCES conversations (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX messages_conversation_idx ON messages (tenant_id, conversation_id, id);
-- An email's Message-ID identifies one message per organization (threading, webhook deduplication).
CREATE UNIQUE INDEX messages_email_message_id_key ON messages (tenant_id, email_message_id) WHERE email_message_id IS NOT NULL;
CREATE INDEX messages_in_reply_to_idx ON messages (tenant_id, in_reply_to) WHERE in_reply_to IS NOT NULL;

-- Each user's read position in a conversation: every message with a larger (time-ordered) id is unread.
CREATE TABLE conversation_reads (
    tenant_id             uuid        NOT NULL,
    conversation_id       uuid        NOT NULL,
    user_id               uuid        NOT NULL,
    last_read_message_id  uuid        NOT NULL,
    read_at               timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, conversation_id, user_id),
    FOREIGN KEY (tenant_id, conversation_id) REFERENCES conversations (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX conversation_reads_user_idx ON conversation_reads (tenant_id, user_id);

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['conversations', 'messages', 'conversation_reads']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = app_tenant()) '
                       'WITH CHECK (tenant_id = app_tenant())', t);
    END LOOP;
END $$;

GRANT SELECT, INSERT, UPDATE, DELETE ON conversations, messages, conversation_reads TO ${appRole};
GRANT EXECUTE ON FUNCTION message_delivery_rank(text) TO ${appRole};
