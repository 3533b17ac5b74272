-- Replies in email conversations are sent through the job queue: an outbound email message remembers the job
-- sending it, the id Resend gave it (delivery reports find it by that id) and why its last attempt failed.
ALTER TABLE messages
    ADD COLUMN send_job_id          uuid,
    ADD COLUMN provider_message_id  text CHECK (length(provider_message_id) <= 200),
    ADD COLUMN delivery_error       text CHECK (length(delivery_error) <= 2000);
CREATE INDEX messages_provider_message_idx ON messages (tenant_id, provider_message_id) WHERE provider_message_id IS NOT NULL;
