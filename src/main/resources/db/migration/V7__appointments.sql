-- Appointments (calendar events) with attendees, links to records and reminder fire times.
-- Contacts and linked records are plain uuids (other features own them); owners and attending
-- users reference the users table.

CREATE TABLE appointments (
    tenant_id          uuid        NOT NULL,
    id                 uuid        NOT NULL,
    title              text        NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    description        text,
    starts_at          timestamptz NOT NULL,
    ends_at            timestamptz NOT NULL,
    timezone           text        NOT NULL,
    kind               text        NOT NULL CHECK (kind IN ('meeting', 'call', 'reminder', 'blocked')),
    owner_user_id      uuid        NOT NULL,
    reminder_offsets   integer[]   NOT NULL DEFAULT '{1440,60}',
    created_by         uuid        NOT NULL,
    version            integer     NOT NULL DEFAULT 1,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    cancelled_at       timestamptz,
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT appointments_time_range_check CHECK (ends_at > starts_at),
    CONSTRAINT appointments_owner_fkey FOREIGN KEY (tenant_id, owner_user_id) REFERENCES users (tenant_id, id),
    CONSTRAINT appointments_created_by_fkey FOREIGN KEY (tenant_id, created_by) REFERENCES users (tenant_id, id)
);
CREATE INDEX appointments_range_idx ON appointments (tenant_id, starts_at, ends_at) WHERE cancelled_at IS NULL;
CREATE INDEX appointments_owner_idx ON appointments (tenant_id, owner_user_id);

-- One row per attendee: a user of the organization or a contact, with their response.
CREATE TABLE appointment_attendees (
    tenant_id       uuid        NOT NULL,
    appointment_id  uuid        NOT NULL,
    id              uuid        NOT NULL,
    position        integer     NOT NULL,
    user_id         uuid,
    contact_id      uuid,
    response        text        NOT NULL DEFAULT 'needs_action'
                                CHECK (response IN ('needs_action', 'accepted', 'declined', 'tentative')),
    responded_at    timestamptz,
    PRIMARY KEY (tenant_id, appointment_id, id),
    CHECK ((user_id IS NULL) <> (contact_id IS NULL)),
    FOREIGN KEY (tenant_id, appointment_id) REFERENCES appointments (tenant_id, id) ON DELETE CASCADE,
    CONSTRAINT appointment_attendees_user_fkey FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id)
);
CREATE UNIQUE INDEX appointment_attendees_user_key ON appointment_attendees (tenant_id, appointment_id, user_id)
    WHERE user_id IS NOT NULL;
CREATE UNIQUE INDEX appointment_attendees_contact_key ON appointment_attendees (tenant_id, appointment_id, contact_id)
    WHERE contact_id IS NOT NULL;
CREATE INDEX appointment_attendees_user_idx ON appointment_attendees (tenant_id, user_id) WHERE user_id IS NOT NULL;
CREATE INDEX appointment_attendees_contact_idx ON appointment_attendees (tenant_id, contact_id) WHERE contact_id IS NOT NULL;

CREATE TABLE appointment_links (
    tenant_id       uuid NOT NULL,
    appointment_id  uuid NOT NULL,
    entity_type     text NOT NULL CHECK (entity_type ~ '^[a-z][a-z_]{0,39}$'),
    entity_id       uuid NOT NULL,
    PRIMARY KEY (tenant_id, appointment_id, entity_type, entity_id),
    FOREIGN KEY (tenant_id, appointment_id) REFERENCES appointments (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX appointment_links_entity_idx ON appointment_links (tenant_id, entity_type, entity_id);

-- When each reminder of a live appointment fires, for the workflow sweeper. Rewritten on reschedule,
-- removed on cancel; fired_at is stamped by the sweeper.
CREATE TABLE appointment_reminders (
    tenant_id       uuid        NOT NULL,
    appointment_id  uuid        NOT NULL,
    offset_minutes  integer     NOT NULL CHECK (offset_minutes >= 0),
    fire_at         timestamptz NOT NULL,
    fired_at        timestamptz,
    PRIMARY KEY (tenant_id, appointment_id, offset_minutes),
    FOREIGN KEY (tenant_id, appointment_id) REFERENCES appointments (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX appointment_reminders_due_idx ON appointment_reminders (fire_at) WHERE fired_at IS NULL;

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['appointments', 'appointment_attendees', 'appointment_links', 'appointment_reminders']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = app_tenant()) '
                       'WITH CHECK (tenant_id = app_tenant())', t);
    END LOOP;
END $$;
GRANT SELECT, INSERT, UPDATE, DELETE ON appointments, appointment_attendees, appointment_links, appointment_reminders
    TO ${appRole};
