package dev.switchboard.platform.config;

/** The whole server configuration, loaded and checked once at startup by {@link ConfigLoader}. */
public record AppConfig(
        HttpConfig http,
        DbConfig db,
        AuthConfig auth,
        LimitsConfig limits,
        OutboxConfig outbox,
        RealtimeConfig realtime,
        JobsConfig jobs,
        EmailConfig email,
        WebhooksConfig webhooks,
        KafkaConfig kafka,
        SecretsConfig secrets,
        WorkflowsConfig workflows,
        OutboundConfig outbound,
        AiConfig ai,
        AttachmentsConfig attachments) {
}
