-- The send log also holds the emails the server sends by itself: password resets, invitations and notification
-- emails. They have no template of the log's own (a notification email's organization template is not pinned), and
-- their data is never stored: an account email carries a secret token.
ALTER TABLE email_log
    ALTER COLUMN template_id DROP NOT NULL,
    ALTER COLUMN template_version DROP NOT NULL,
    ADD COLUMN kind text NOT NULL DEFAULT 'template'
        CHECK (kind IN ('template', 'password_reset', 'invite', 'notification')),
    ADD CONSTRAINT email_log_template_kind CHECK (kind <> 'template' OR (template_id IS NOT NULL AND template_version IS NOT NULL));
