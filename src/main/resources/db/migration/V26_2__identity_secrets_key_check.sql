-- The identity providers' client secrets are sealed too: the startup key check must be able to open them, like the others.
CREATE OR REPLACE FUNCTION sealed_secret_samples()
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
        UNION ALL SELECT api_key FROM ai_settings
        UNION ALL SELECT client_secret FROM identity_providers
    ) AS s(value)
    WHERE s.value LIKE 'v1:%'
    ORDER BY split_part(s.value, ':', 2)
$$;
