package dev.switchboard.ai;

import dev.switchboard.tenancy.Timestamps;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.UUID;
import java.util.function.Function;

/**
 * A reply the model drafted for a conversation, kept until an agent accepts it (it becomes their outbound message,
 * {@code messageId}) or rejects it. Never sent by itself.
 */
record ReplyDraft(UUID id, UUID conversationId, String body, double confidence, String reasoning, String status, UUID messageId,
                  UUID createdBy, UUID decidedBy, OffsetDateTime decidedAt, OffsetDateTime createdAt) {

    static final String PENDING = "pending";
    static final String ACCEPTED = "accepted";
    static final String REJECTED = "rejected";

    static final String COLUMNS = "id, conversation_id, body, confidence, reasoning, status, message_id, created_by, decided_by, "
            + "decided_at, created_at";

    static final Function<Row, ReplyDraft> FROM_ROW = row -> new ReplyDraft(row.getUUID("id"), row.getUUID("conversation_id"),
            row.getString("body"), row.getBigDecimal("confidence").doubleValue(), row.getString("reasoning"), row.getString("status"),
            row.getUUID("message_id"), row.getUUID("created_by"), row.getUUID("decided_by"), row.getOffsetDateTime("decided_at"),
            row.getOffsetDateTime("created_at"));

    JsonObject toJson() {
        return new JsonObject()
                .put("id", id.toString())
                .put("conversationId", conversationId.toString())
                .put("body", body)
                .put("confidence", confidence)
                .put("reasoning", reasoning)
                .put("status", status)
                .put("messageId", messageId == null ? null : messageId.toString())
                .put("createdBy", createdBy.toString())
                .put("decidedBy", decidedBy == null ? null : decidedBy.toString())
                .put("decidedAt", Timestamps.format(decidedAt))
                .put("createdAt", Timestamps.format(createdAt));
    }

    /** The audit view: the decision, never the drafted text. */
    JsonObject auditView() {
        return new JsonObject().put("conversationId", conversationId.toString()).put("status", status).put("confidence", confidence)
                .put("messageId", messageId == null ? null : messageId.toString());
    }
}
