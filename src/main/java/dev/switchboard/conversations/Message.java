package dev.switchboard.conversations;

import static dev.switchboard.conversations.Conversation.str;

import dev.switchboard.tenancy.Timestamps;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/** One message of a conversation: inbound from the contact, outbound to them, or an internal note for staff only. */
public record Message(UUID id, UUID conversationId, String direction, String body, UUID senderUserId, UUID senderContactId,
                      String deliveryStatus, OffsetDateTime deliveryUpdatedAt, String emailMessageId, String inReplyTo,
                      List<String> references, int version, OffsetDateTime createdAt, UUID sendJobId, String deliveryError,
                      JsonObject classification) {

    static final String INBOUND = "inbound";
    static final String OUTBOUND = "outbound";
    static final String NOTE = "internal_note";
    static final Set<String> DIRECTIONS = Set.of(INBOUND, OUTBOUND, NOTE);

    static final String COLUMNS = "m.id, m.conversation_id, m.direction, m.body, m.sender_user_id, m.sender_contact_id, "
            + "m.delivery_status, m.delivery_updated_at, m.email_message_id, m.in_reply_to, m.email_references, m.version, m.created_at, "
            + "m.send_job_id, m.delivery_error, m.classification";

    static final Function<Row, Message> FROM_ROW = row -> new Message(row.getUUID("id"), row.getUUID("conversation_id"),
            row.getString("direction"), row.getString("body"), row.getUUID("sender_user_id"), row.getUUID("sender_contact_id"),
            row.getString("delivery_status"), row.getOffsetDateTime("delivery_updated_at"), row.getString("email_message_id"),
            row.getString("in_reply_to"), List.of(row.getArrayOfStrings("email_references")), row.getInteger("version"),
            row.getOffsetDateTime("created_at"), row.getUUID("send_job_id"), row.getString("delivery_error"),
            (JsonObject) row.getValue("classification"));

    public JsonObject toJson() {
        return new JsonObject()
                .put("id", id.toString())
                .put("conversationId", conversationId.toString())
                .put("direction", direction)
                .put("body", body)
                .put("senderUserId", str(senderUserId))
                .put("senderContactId", str(senderContactId))
                .put("deliveryStatus", deliveryStatus)
                .put("deliveryUpdatedAt", Timestamps.format(deliveryUpdatedAt))
                .put("deliveryError", deliveryError)
                .put("sendJobId", str(sendJobId))
                .put("messageId", emailMessageId)
                .put("inReplyTo", inReplyTo)
                .put("references", new JsonArray(references))
                .put("classification", classification)
                .put("version", version)
                .put("createdAt", Timestamps.format(createdAt));
    }

    /**
     * The audit view and event payload, with the body (mentions are read from it) and the routing fields
     * of its conversation, so consumers can tell who may see the message.
     */
    JsonObject auditView(Conversation conversation) {
        JsonObject view = new JsonObject()
                .put("conversationId", conversationId.toString())
                .put("direction", direction)
                .put("body", body)
                .put("senderUserId", str(senderUserId))
                .put("senderContactId", str(senderContactId))
                .put("deliveryStatus", deliveryStatus)
                .put("deliveryError", deliveryError)
                .put("messageId", emailMessageId)
                .put("inReplyTo", inReplyTo)
                .put("contactId", str(conversation.contactId()))
                .put("assigneeUserId", str(conversation.assigneeUserId()))
                .put("teamId", str(conversation.teamId()));
        return classification == null ? view : view.put("classification", classification);
    }

    /** The domain event a new message publishes. */
    String createdEvent() {
        return switch (direction) {
            case INBOUND -> "message.received";
            case OUTBOUND -> "message.sent";
            default -> "message.noted";
        };
    }
}
