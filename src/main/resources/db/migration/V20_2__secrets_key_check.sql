-- Every node must share one secrets key. The first start seals a known value with its key; a node whose key
-- cannot open it, or cannot open any stored secret, refuses to start instead of answering 500 on what the
-- other nodes wrote. Not tenant-owned: it belongs to the server, like signing_keys.
CREATE TABLE secrets_key_check (
    id         smallint    PRIMARY KEY CHECK (id = 1),
    sealed     text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- One stored secret for each key that sealed any, across tenants, for that startup check.
CREATE FUNCTION sealed_secret_samples()
    RETURNS TABLE (key_id text, sealed text)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
    SELECT DISTINCT ON (split_part(s.value, ':', 2)) split_part(s.value, ':', 2), s.value
    FROM (
        SELECT secret FROM inbound_webhooks
        UNION ALL SELECT secret FROM webhook_endpoints
        UNION ALL SELECT secret FROM resend_signing_secrets
        UNION ALL SELECT meta_app_secret FROM integration_settings
        UNION ALL SELECT meta_verify_token FROM integration_settings
        UNION ALL SELECT meta_page_access_token FROM integration_settings
        UNION ALL SELECT resend_api_key FROM integration_settings
    ) AS s(value)
    WHERE s.value LIKE 'v1:%'
    ORDER BY split_part(s.value, ':', 2)
$$;

REVOKE ALL ON FUNCTION sealed_secret_samples() FROM PUBLIC;
REVOKE ALL ON TABLE secrets_key_check FROM PUBLIC;
