package dev.switchboard.conversations;

import dev.switchboard.platform.error.ApiException;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** The fields a client sets on a conversation; {@link #merge} applies a partial update onto the current ones. */
record ConversationFields(String channel, UUID contactId, String subject, String status, OffsetDateTime snoozedUntil,
                          String priority, UUID assigneeUserId, UUID teamId, List<String> labels, JsonObject customFields) {

    static ConversationFields of(Conversation c) {
        return new ConversationFields(c.channel(), c.contactId(), c.subject(), c.status(), c.snoozedUntil(), c.priority(),
                c.assigneeUserId(), c.teamId(), c.labels(), c.customFields());
    }

    /** These fields with {@code custom} as the custom field map. */
    ConversationFields withCustomFields(JsonObject custom) {
        return new ConversationFields(channel, contactId, subject, status, snoozedUntil, priority, assigneeUserId, teamId, labels, custom);
    }

    /**
     * These fields with those named in {@code present} taken from {@code patch}; leaving snoozed clears
     * snoozedUntil (unless the patch sets one, which {@link #checked} then rejects).
     */
    ConversationFields merge(ConversationFields patch, Set<String> present) {
        String newStatus = present.contains("status") ? patch.status : status;
        OffsetDateTime until = present.contains("snoozedUntil") ? patch.snoozedUntil : snoozedUntil;
        return new ConversationFields(channel,
                present.contains("contactId") ? patch.contactId : contactId,
                present.contains("subject") ? patch.subject : subject,
                newStatus,
                "snoozed".equals(newStatus) || present.contains("snoozedUntil") ? until : null,
                present.contains("priority") ? patch.priority : priority,
                present.contains("assigneeUserId") ? patch.assigneeUserId : assigneeUserId,
                present.contains("teamId") ? patch.teamId : teamId,
                present.contains("labels") ? patch.labels : labels,
                present.contains("customFields") ? patch.customFields : customFields);
    }

    /** A snoozed conversation needs a future {@code snoozedUntil}; any other status has none. */
    ConversationFields checked(OffsetDateTime now, boolean snoozeChanged) {
        if ("snoozed".equals(status) && snoozedUntil == null) {
            throw ApiException.invalid("snoozedUntil", "is required when the status is snoozed");
        }
        if (!"snoozed".equals(status) && snoozedUntil != null) {
            throw ApiException.invalid("snoozedUntil", "is only allowed when the status is snoozed");
        }
        if (snoozeChanged && snoozedUntil != null && !snoozedUntil.isAfter(now)) {
            throw ApiException.invalid("snoozedUntil", "must be in the future");
        }
        return this;
    }

    boolean sameAssignment(ConversationFields other) {
        return java.util.Objects.equals(assigneeUserId, other.assigneeUserId) && java.util.Objects.equals(teamId, other.teamId);
    }
}
