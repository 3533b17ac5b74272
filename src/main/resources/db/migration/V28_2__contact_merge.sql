-- Contact merge: the merged contact stays, archived, with a pointer to the contact that absorbed it, so old links
-- still resolve to the survivor.
ALTER TABLE contacts ADD COLUMN merged_into_id uuid,
    ADD CONSTRAINT contacts_merged_into_fk FOREIGN KEY (tenant_id, merged_into_id) REFERENCES contacts (tenant_id, id),
    ADD CONSTRAINT contacts_merged_archived CHECK (merged_into_id IS NULL OR archived_at IS NOT NULL);
-- Moving a contact's notes and appointment links finds them by record.
CREATE INDEX IF NOT EXISTS notes_contact_idx ON notes (tenant_id, entity_id) WHERE entity_type = 'contact';
CREATE INDEX IF NOT EXISTS messages_sender_contact_idx ON messages (tenant_id, sender_contact_id) WHERE sender_contact_id IS NOT NULL;
