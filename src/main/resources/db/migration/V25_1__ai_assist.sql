-- AI assist, bring your own key: an organization's provider settings (the key sealed by the secret box), every call
-- made for it (what the budget counts and the audit log names), reply drafts agents accept or reject, and the
-- classification of inbound messages.

CREATE TABLE ai_settings (
    tenant_id             uuid        PRIMARY KEY REFERENCES organizations (id),
    enabled               boolean     NOT NULL DEFAULT false,
    provider              text        CHECK (provider IN ('anthropic', 'openai')),
    model                 text        CHECK (length(model) BETWEEN 1 AND 200),
    api_key               text,
    base_url              text        CHECK (length(base_url) BETWEEN 1 AND 2048),
    features              text[]      NOT NULL DEFAULT '{}',
    monthly_token_budget  bigint      CHECK (monthly_token_budget >= 0),
    version               integer     NOT NULL DEFAULT 1,
    updated_at            timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE ai_calls (
    tenant_id       uuid          NOT NULL REFERENCES organizations (id),
    id              uuid          NOT NULL,
    feature         text          NOT NULL,
    prompt_version  text          NOT NULL,
    provider        text          NOT NULL,
    model           text          NOT NULL,
    input_tokens    integer       NOT NULL CHECK (input_tokens >= 0),
    output_tokens   integer       NOT NULL CHECK (output_tokens >= 0),
    latency_ms      integer       NOT NULL CHECK (latency_ms >= 0),
    outcome         text          NOT NULL,
    estimated_cost  numeric(14, 6),
    user_id         uuid,
    created_at      timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX ai_calls_month_idx ON ai_calls (tenant_id, created_at);

CREATE TABLE ai_drafts (
    tenant_id        uuid          NOT NULL REFERENCES organizations (id),
    id               uuid          NOT NULL,
    conversation_id  uuid          NOT NULL,
    body             text          NOT NULL CHECK (length(body) BETWEEN 1 AND 20000),
    confidence       numeric(4, 3) NOT NULL CHECK (confidence BETWEEN 0 AND 1),
    reasoning        text          CHECK (length(reasoning) <= 4000),
    status           text          NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'rejected')),
    message_id       uuid,
    created_by       uuid          NOT NULL,
    decided_by       uuid,
    decided_at       timestamptz,
    created_at       timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, conversation_id) REFERENCES conversations (tenant_id, id)
);
CREATE INDEX ai_drafts_conversation_idx ON ai_drafts (tenant_id, conversation_id, created_at);

-- {priority, category, sentiment, urgency, language}, set by the classification job.
ALTER TABLE messages ADD COLUMN classification jsonb;

ALTER TABLE ai_settings ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON ai_settings USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());
ALTER TABLE ai_calls ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON ai_calls USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());
ALTER TABLE ai_drafts ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON ai_drafts USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());
GRANT SELECT, INSERT, UPDATE ON ai_settings, ai_calls, ai_drafts TO ${appRole};

-- The organizations' AI keys are secrets the startup key check must be able to open, like the others.
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
    ) AS s(value)
    WHERE s.value LIKE 'v1:%'
    ORDER BY split_part(s.value, ':', 2)
$$;
