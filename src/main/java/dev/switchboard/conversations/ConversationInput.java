package dev.switchboard.conversations;

import dev.switchboard.fields.CustomFieldService;
import dev.switchboard.platform.db.Ids;
import dev.switchboard.platform.http.InputRules;
import dev.switchboard.platform.http.Validator;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Reads conversation fields from a request body, collecting every field error before failing once. */
final class ConversationInput {

    static final int MAX_LABELS = 20;
    static final int MAX_LABEL_LENGTH = 50;
    static final Set<String> PATCHABLE = Set.of("contactId", "subject", "status", "snoozedUntil", "priority",
            "assigneeUserId", "teamId", "labels", "customFields");

    private final JsonObject body;
    private final Validator v;

    private ConversationInput(JsonObject body) {
        this.body = body;
        this.v = new Validator(body);
    }

    /** A new conversation's fields, with status {@code open} and priority {@code normal} unless given. */
    static ConversationFields create(JsonObject body) {
        ConversationInput in = new ConversationInput(body);
        ConversationFields f = new ConversationFields(in.v.oneOf("channel", Conversation.CHANNELS), in.uuid("contactId"),
                in.v.optionalString("subject", 500), in.present("status") ? in.v.oneOf("status", Conversation.STATUSES) : "open",
                in.timestamp("snoozedUntil"), in.present("priority") ? in.v.oneOf("priority", Conversation.PRIORITIES) : "normal",
                in.uuid("assigneeUserId"), in.uuid("teamId"), in.labels(), CustomFieldService.given(body, in.v));
        in.v.check();
        return f;
    }

    /** The fields a partial update names ({@link #presentFields}); the others are null and ignored. */
    static ConversationFields patch(JsonObject body) {
        ConversationInput in = new ConversationInput(body);
        if (in.present("channel")) {
            in.v.fail("channel", "cannot be changed");
        }
        ConversationFields f = new ConversationFields(null, in.uuid("contactId"), in.v.optionalString("subject", 500),
                in.present("status") ? in.v.oneOf("status", Conversation.STATUSES) : null, in.timestamp("snoozedUntil"),
                in.present("priority") ? in.v.oneOf("priority", Conversation.PRIORITIES) : null,
                in.uuid("assigneeUserId"), in.uuid("teamId"), in.labels(), CustomFieldService.given(body, in.v));
        if (presentFields(body).isEmpty()) {
            in.v.fail("body", "names no field to change");
        }
        in.v.check();
        return f;
    }

    static Set<String> presentFields(JsonObject body) {
        Set<String> present = new LinkedHashSet<>();
        body.fieldNames().stream().filter(PATCHABLE::contains).forEach(present::add);
        return present;
    }

    private boolean present(String field) {
        return body.containsKey(field);
    }

    private UUID uuid(String field) {
        Object value = body.getValue(field);
        if (value == null) {
            return null;
        }
        UUID id = value instanceof String s ? Ids.parse(s) : null;
        if (id == null) {
            v.fail(field, "must be a UUID or null");
        }
        return id;
    }

    private OffsetDateTime timestamp(String field) {
        Object value = body.getValue(field);
        if (value == null) {
            return null;
        }
        OffsetDateTime parsed = value instanceof String s ? InputRules.timestamp(s) : null;
        if (parsed == null) {
            v.fail(field, InputRules.TIMESTAMP_MESSAGE);
        }
        return parsed;
    }

    private List<String> labels() {
        Object value = body.getValue("labels");
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof JsonArray array) || array.size() > MAX_LABELS) {
            v.fail("labels", "must be an array of at most " + MAX_LABELS + " strings");
            return List.of();
        }
        Set<String> labels = new LinkedHashSet<>();
        for (Object item : array) {
            String label = item instanceof String s ? s.trim().toLowerCase() : "";
            if (label.isEmpty() || label.length() > MAX_LABEL_LENGTH) {
                v.fail("labels", "each label must be a string of 1 to " + MAX_LABEL_LENGTH + " characters");
                return List.of();
            }
            labels.add(label);
        }
        return new ArrayList<>(labels);
    }
}
