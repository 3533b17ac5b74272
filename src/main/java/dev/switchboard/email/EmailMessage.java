package dev.switchboard.email;

import dev.switchboard.tenancy.Timestamps;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * One email in the send log: its kind ({@code template} for email sent from a template, else one the server sends by
 * itself: {@code password_reset}, {@code invite}, {@code notification}, which have no template), what was asked for,
 * how sending went ({@code queued}, {@code sent}, {@code failed}), and what Resend reported about its delivery since
 * ({@code delivered}, {@code bounced}, ...).
 */
public record EmailMessage(UUID tenantId, UUID id, String kind, UUID templateId, Integer templateVersion, String to, JsonObject data,
                           List<String> replyTo, String subject, String status, String providerMessageId, UUID jobId,
                           String lastError, OffsetDateTime createdAt, OffsetDateTime sentAt, String deliveryStatus) {

    public static final String TEMPLATE = "template";
    public static final String PASSWORD_RESET = "password_reset";
    public static final String INVITE = "invite";
    public static final String NOTIFICATION = "notification";

    public static final String QUEUED = "queued";
    public static final String SENT = "sent";
    public static final String FAILED = "failed";

    static final String COLUMNS = "tenant_id, id, kind, template_id, template_version, to_address, data, reply_to, subject, status, "
            + "provider_message_id, job_id, last_error, created_at, sent_at, delivery_status";

    static final Function<Row, EmailMessage> FROM_ROW = row -> new EmailMessage(row.getUUID("tenant_id"), row.getUUID("id"),
            row.getString("kind"), row.getUUID("template_id"), row.getInteger("template_version"), row.getString("to_address"),
            (JsonObject) row.getValue("data"), Arrays.asList(row.getArrayOfStrings("reply_to")), row.getString("subject"),
            row.getString("status"), row.getString("provider_message_id"), row.getUUID("job_id"), row.getString("last_error"),
            row.getOffsetDateTime("created_at"), row.getOffsetDateTime("sent_at"), row.getString("delivery_status"));

    public JsonObject toJson() {
        return new JsonObject()
                .put("id", id.toString())
                .put("kind", kind)
                .put("templateId", templateId == null ? null : templateId.toString())
                .put("templateVersion", templateVersion)
                .put("to", to)
                .put("replyTo", new JsonArray(replyTo))
                .put("subject", subject)
                .put("status", status)
                .put("providerMessageId", providerMessageId)
                .put("jobId", jobId.toString())
                .put("lastError", lastError)
                .put("createdAt", Timestamps.format(createdAt))
                .put("sentAt", Timestamps.format(sentAt))
                .put("deliveryStatus", deliveryStatus);
    }

    JsonObject auditView() {
        return new JsonObject().put("to", to).put("kind", kind).put("templateId", templateId == null ? null : templateId.toString())
                .put("status", status)
                .put("deliveryStatus", deliveryStatus);
    }
}
