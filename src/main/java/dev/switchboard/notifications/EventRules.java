package dev.switchboard.notifications;

import static dev.switchboard.notifications.NotificationType.*;

import dev.switchboard.platform.bus.EventEnvelope;
import dev.switchboard.platform.db.Ids;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Which domain events notify whom. Pure mapping: no I/O, so the verticle decides everything about an
 * event before it touches the database.
 */
final class EventRules {

    static final Set<String> HANDLED = Set.of("case.assigned", "case.status_changed", "case.handoff_accepted",
            "case.handoff_denied", "task.assigned", "task.created", "conversation.assigned", "note.created", "message.noted",
            "workflow.notified");
    static final String PENDING_HANDOFF = "pending_handoff";
    static final int SNIPPET = 200;

    private EventRules() {
    }

    /** Thrown for an event of a handled type that lacks what a notification needs. */
    static final class Unmappable extends Exception {
        Unmappable(String message) {
            super(message, null, false, false);
        }
    }

    static boolean handles(String type) {
        return HANDLED.contains(type);
    }

    /** The notifications {@code event} asks for (possibly none); the actor is removed later. */
    static List<NotificationDraft> drafts(EventEnvelope event) throws Unmappable {
        JsonObject data = event.data();
        UUID id = uuid(data, "entityId");
        if (id == null) {
            throw new Unmappable("no entityId");
        }
        if ("workflow.notified".equals(event.type())) {
            return List.of(automation(data, id));
        }
        JsonObject after = data.getJsonObject("after");
        JsonObject before = data.getJsonObject("before");
        if (after == null && !event.type().startsWith("case.handoff_")) {
            throw new Unmappable("no after view");
        }
        List<NotificationDraft> out = new ArrayList<>();
        switch (event.type()) {
            case "case.assigned" -> one(out, uuid(after, "ownerUserId"), CASE_ASSIGNED, "A case was assigned to you",
                    caseLabel(after), "/cases/" + id, "case", id);
            case "case.status_changed" -> {
                String status = after.getString("status");
                one(out, uuid(after, "ownerUserId"), CASE_STATUS_CHANGED,
                        "Your case moved to " + (status == null ? "a new status" : status), caseLabel(after), "/cases/" + id, "case", id);
                if (PENDING_HANDOFF.equals(status)) {
                    out.add(NotificationDraft.toManagers(HANDOFF_READY, "A case is ready for handoff", caseLabel(after),
                            "/cases/" + id, "case", id));
                }
            }
            case "case.handoff_accepted", "case.handoff_denied" -> {
                UUID previous = firstOf(uuid(data, "previousOwnerUserId"), uuid(before, "ownerUserId"), uuid(after, "ownerUserId"));
                boolean accepted = event.type().endsWith("accepted");
                one(out, previous, accepted ? HANDOFF_ACCEPTED : HANDOFF_DENIED,
                        accepted ? "Your handoff was accepted" : "Your handoff was denied",
                        caseLabel(after == null ? before : after), "/cases/" + id, "case", id);
            }
            case "task.assigned", "task.created" -> one(out, uuid(after, "assigneeUserId"), TASK_ASSIGNED,
                    "A task was assigned to you", after.getString("title"), "/tasks/" + id, "task", id);
            case "conversation.assigned" -> one(out, uuid(after, "assigneeUserId"), CONVERSATION_ASSIGNED,
                    "A conversation was assigned to you", after.getString("subject"), "/conversations/" + id, "conversation", id);
            case "note.created" -> mentions(out, after, "You were mentioned in a note", "/notes/" + id, "note", id);
            case "message.noted" -> {
                UUID conversation = uuid(after, "conversationId");
                if (conversation == null) {
                    throw new Unmappable("no conversationId");
                }
                mentions(out, after, "You were mentioned in a conversation", "/conversations/" + conversation,
                        "conversation", conversation);
            }
            default -> throw new Unmappable("unhandled type");
        }
        return out;
    }

    /** A workflow's notify action: its recipients (opt-outs already removed), linked to the record the run was about. */
    private static NotificationDraft automation(JsonObject data, UUID runId) throws Unmappable {
        List<UUID> users = new ArrayList<>();
        Object listed = data.getValue("userIds");
        if (listed instanceof io.vertx.core.json.JsonArray array) {
            array.forEach(u -> {
                UUID user = u instanceof String s ? Ids.parse(s) : null;
                if (user != null) {
                    users.add(user);
                }
            });
        }
        String title = data.getValue("title") instanceof String t ? t : null;
        if (users.isEmpty() || title == null) {
            throw new Unmappable("no recipients or title");
        }
        String type = data.getValue("recordType") instanceof String t ? t : null;
        UUID record = uuid(data, "recordId");
        String body = data.getValue("body") instanceof String b ? b : null;
        String link = type == null || record == null ? null : "/" + type + "s/" + record;
        return new NotificationDraft(AUTOMATION, users, false, title, body, link, type, record,
                AUTOMATION.wire() + ":" + runId + ":" + title.hashCode());
    }

    private static void one(List<NotificationDraft> out, UUID recipient, NotificationType type, String title, String body,
                            String link, String entityType, UUID entityId) {
        if (recipient != null) {
            out.add(NotificationDraft.to(recipient, type, title, body, link, entityType, entityId));
        }
    }

    private static void mentions(List<NotificationDraft> out, JsonObject after, String title, String link, String entityType,
                                 UUID entityId) {
        Object body = after.getValue("body");
        if (!(body instanceof String text)) {
            return;
        }
        List<UUID> users = Mentions.users(text);
        List<String> handles = Mentions.handles(text);
        if (!users.isEmpty() || !handles.isEmpty()) {
            out.add(new NotificationDraft(MENTION, users, false, title, Mentions.snippet(text, SNIPPET), link, entityType, entityId,
                    MENTION.wire() + ":" + entityType + ":" + entityId, handles));
        }
    }

    private static String caseLabel(JsonObject view) {
        if (view == null) {
            return null;
        }
        Object number = view.getValue("number");
        String title = view.getValue("title") instanceof String s ? s : null;
        if (number == null) {
            return title;
        }
        return "#" + number + (title == null ? "" : " " + title);
    }

    private static UUID uuid(JsonObject json, String field) {
        return json != null && json.getValue(field) instanceof String s ? Ids.parse(s) : null;
    }

    private static UUID firstOf(UUID... ids) {
        for (UUID id : ids) {
            if (id != null) {
                return id;
            }
        }
        return null;
    }
}
