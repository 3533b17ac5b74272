-- Effects of inbound webhooks: delivery reports on sent email, per-tenant integration settings, and
-- secrets at rest.

-- Delivery reports (Resend email.* events) on the email send log, found by Resend's email id. A report only
-- replaces a lower-ranked state, so a late "delivered" never hides a "bounced" and a replayed "sent" never
-- undoes "opened".
ALTER TABLE email_log
    ADD COLUMN delivery_status     text CHECK (delivery_status IN ('sent', 'delivery_delayed', 'delivered', 'opened', 'clicked',
                                                                 'complained', 'bounced', 'failed', 'suppressed')),
    ADD COLUMN delivery_updated_at timestamptz;
CREATE INDEX email_log_provider_message_idx ON email_log (tenant_id, provider_message_id) WHERE provider_message_id IS NOT NULL;

CREATE FUNCTION email_delivery_rank(p_status text) RETURNS integer
    LANGUAGE sql IMMUTABLE
AS $$
    SELECT CASE p_status
        WHEN 'sent' THEN 1 WHEN 'delivery_delayed' THEN 2 WHEN 'delivered' THEN 3 WHEN 'opened' THEN 4
        WHEN 'clicked' THEN 5 WHEN 'complained' THEN 6 WHEN 'bounced' THEN 7 WHEN 'failed' THEN 7 WHEN 'suppressed' THEN 7
        ELSE 0 END
$$;
GRANT EXECUTE ON FUNCTION email_delivery_rank(text) TO ${appRole};

-- Per-tenant integration settings. Every secret column holds an AES-GCM ciphertext "v1:<key id>:<base64>"
-- written by the server (the key is in its configuration, never in the database).
CREATE TABLE integration_settings (
    tenant_id               uuid        NOT NULL,
    meta_app_secret         text,
    meta_verify_token       text,
    meta_page_access_token  text,
    resend_api_key          text,
    version                 integer     NOT NULL DEFAULT 1,
    updated_at              timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id)
);
ALTER TABLE integration_settings ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON integration_settings USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());
GRANT SELECT, INSERT, UPDATE, DELETE ON integration_settings TO ${appRole};

-- Secrets of inbound hooks, outbound endpoints and Resend signing secrets are now stored encrypted. Rows written
-- before this migration are plaintext; the server encrypts them at startup (SQL does not have the key).
ALTER TABLE resend_signing_secrets DROP CONSTRAINT resend_signing_secrets_secret_check;

-- The tenants that still have a plaintext secret somewhere, for the startup encryption pass.
CREATE FUNCTION plaintext_secret_tenants()
    RETURNS TABLE (tenant_id uuid)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
    SELECT tenant_id FROM inbound_webhooks WHERE secret NOT LIKE 'v1:%'
    UNION SELECT tenant_id FROM webhook_endpoints WHERE secret NOT LIKE 'v1:%'
    UNION SELECT tenant_id FROM resend_signing_secrets WHERE secret NOT LIKE 'v1:%'
$$;

-- Meta routing with tenant-owned Meta apps: every active tenant's encrypted app secret and verify token.
CREATE FUNCTION meta_app_credentials_all()
    RETURNS TABLE (tenant_id uuid, app_secret text, verify_token text)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
    SELECT s.tenant_id, s.meta_app_secret, s.meta_verify_token FROM integration_settings s
    JOIN organizations o ON o.id = s.tenant_id
    WHERE o.active AND (s.meta_app_secret IS NOT NULL OR s.meta_verify_token IS NOT NULL)
$$;

REVOKE ALL ON FUNCTION plaintext_secret_tenants(), meta_app_credentials_all() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION plaintext_secret_tenants(), meta_app_credentials_all() TO ${appRole};
