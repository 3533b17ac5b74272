package dev.switchboard.timeline;

import dev.switchboard.platform.bus.EventEnvelope;
import dev.switchboard.timeline.Projection.EntryVisibility;
import dev.switchboard.timeline.Projection.Parent;
import dev.switchboard.timeline.Projection.Target;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Maps domain events to timeline projections with human summaries; events it does not know map to nothing. */
final class TimelineRules {

    /** The record types that have a timeline. */
    static final Set<String> RECORD_TYPES = Set.of("contact", "case", "conversation", "appointment");

    private static final Set<String> HANDLED = Set.of(
            "contact.created", "contact.updated", "contact.archived", "contact.restored",
            "case.created", "case.status_changed", "case.assigned", "case.updated",
            "note.created", "note.updated", "note.deleted",
            "task.created", "task.completed",
            "appointment.created", "appointment.rescheduled", "appointment.updated", "appointment.cancelled",
            "conversation.created", "conversation.status_changed", "conversation.assigned",
            "message.received", "message.sent", "message.noted", "message.deleted");

    private TimelineRules() {
    }

    static boolean handles(String type) {
        return HANDLED.contains(type);
    }

    /** The conversation a message event belongs to, whose channel and subject its summary needs; null otherwise. */
    static UUID conversationOf(EventEnvelope e) {
        return e.type().startsWith("message.") ? uuid(view(e), "conversationId") : null;
    }

    /** The projection of {@code e}; {@code conversation} is what is known of a message's conversation (may be null). */
    static Projection project(EventEnvelope e, Parent conversation) {
        JsonObject view = view(e);
        UUID id = uuid(e.data(), "entityId");
        String kind = e.type().substring(0, e.type().indexOf('.'));
        JsonObject data = data(e, view);
        return switch (kind) {
            case "contact" -> simple(e, "contact", id, contactSummary(e.type(), view), data, List.of(new Target("contact", id)),
                    List.of(), null);
            case "case" -> simple(e, "case", id, caseSummary(e, view), data, withContact(new Target("case", id), view), List.of(),
                    new Parent("case", id, uuid(view, "contactId"), null, null));
            case "conversation" -> simple(e, "conversation", id, conversationSummary(e, view), data,
                    withContact(new Target("conversation", id), view), List.of(),
                    new Parent("conversation", id, uuid(view, "contactId"), view.getString("channel"), view.getString("subject")));
            case "task" -> task(e, id, view, data);
            case "note" -> note(e, id, view, data);
            case "appointment" -> appointment(e, id, view, data);
            case "message" -> message(e, id, view, data, conversation);
            default -> throw new IllegalArgumentException("unhandled event " + e.type());
        };
    }

    private static Projection simple(EventEnvelope e, String type, UUID id, String summary, JsonObject data, List<Target> targets,
                                     List<Target> rollup, Parent parent) {
        Target self = new Target(type, id);
        return new Projection(e.type(), summary, self, self, data, targets, rollup, EntryVisibility.NONE, parent, false);
    }

    private static String contactSummary(String type, JsonObject view) {
        return switch (type) {
            case "contact.created" -> "Contact created: " + text(view.getString("fullName"), "unnamed");
            case "contact.archived" -> "Contact archived";
            case "contact.restored" -> "Contact restored";
            default -> "Contact updated";
        };
    }

    private static String caseSummary(EventEnvelope e, JsonObject view) {
        return switch (e.type()) {
            case "case.created" -> "Case created: #" + view.getValue("number") + " " + view.getString("title");
            case "case.status_changed" -> "Status changed: " + from(e, "fromStage") + " → " + to(e, "toStage");
            case "case.assigned" -> "Case assigned";
            default -> "Case updated";
        };
    }

    private static String conversationSummary(EventEnvelope e, JsonObject view) {
        return switch (e.type()) {
            case "conversation.created" -> view.getString("subject") == null ? "Conversation started"
                    : "Conversation started: " + view.getString("subject");
            case "conversation.status_changed" -> "Conversation status changed: " + from(e, null) + " → " + to(e, null);
            default -> "Conversation assigned";
        };
    }

    private static Projection task(EventEnvelope e, UUID id, JsonObject view, JsonObject data) {
        String summary = (e.type().equals("task.completed") ? "Task completed: " : "Task created: ") + view.getString("title");
        List<Target> targets = new ArrayList<>();
        List<Target> rollup = new ArrayList<>();
        UUID caseId = uuid(view, "caseId");
        if (caseId != null) {
            targets.add(new Target("case", caseId));
            rollup.add(new Target("case", caseId));
        }
        addContact(targets, view);
        Target task = new Target("task", id);
        return new Projection(e.type(), summary, task, task, data, targets, rollup, EntryVisibility.NONE, null, false);
    }

    private static Projection note(EventEnvelope e, UUID id, JsonObject view, JsonObject data) {
        Target note = new Target("note", id);
        String on = view.getString("entityType");
        UUID onId = uuid(view, "entityId");
        List<Target> targets = new ArrayList<>();
        List<Target> rollup = new ArrayList<>();
        if (RECORD_TYPES.contains(on) && onId != null) {
            targets.add(new Target(on, onId));
            if (on.equals("case") || on.equals("conversation")) {
                rollup.add(new Target(on, onId));
            }
        }
        EntryVisibility visibility = new EntryVisibility(view.getString("visibility"), uuid(view, "authorUserId"),
                uuid(view, "teamId"), null, List.of());
        String summary = e.type().equals("note.updated") ? "Note edited" : "Note added";
        return new Projection(e.type(), summary, note, note, data, targets, rollup, visibility, null, e.type().equals("note.deleted"));
    }

    private static Projection appointment(EventEnvelope e, UUID id, JsonObject view, JsonObject data) {
        Target appointment = new Target("appointment", id);
        List<Target> targets = new ArrayList<>(List.of(appointment));
        JsonArray contacts = view.getJsonArray("attendeeContactIds", new JsonArray());
        contacts.forEach(c -> targets.add(new Target("contact", UUID.fromString((String) c))));
        List<UUID> users = new ArrayList<>();
        view.getJsonArray("attendeeUserIds", new JsonArray()).forEach(u -> users.add(UUID.fromString((String) u)));
        String verb = switch (e.type()) {
            case "appointment.created" -> "scheduled";
            case "appointment.rescheduled" -> "rescheduled";
            case "appointment.cancelled" -> "cancelled";
            default -> "updated";
        };
        EntryVisibility visibility = new EntryVisibility(null, null, null, uuid(view, "ownerUserId"), users);
        return new Projection(e.type(), "Appointment " + verb + ": " + view.getString("title"), appointment, appointment, data,
                targets, List.of(), visibility, null, false);
    }

    private static Projection message(EventEnvelope e, UUID id, JsonObject view, JsonObject data, Parent conversation) {
        UUID conversationId = uuid(view, "conversationId");
        Target source = new Target("conversation", conversationId);
        boolean email = conversation != null && "email".equals(conversation.channel());
        String subject = conversation == null || conversation.subject() == null ? "" : ": " + conversation.subject();
        String summary = switch (e.type()) {
            case "message.received" -> email ? "Email received" + subject : "Message received";
            case "message.sent" -> email ? "Email sent" + subject : "Message sent";
            default -> "Internal comment added";
        };
        List<Target> targets = withContact(source, view);
        // internal comments are staff-only, like org-wide notes
        EntryVisibility visibility = e.type().equals("message.noted")
                ? new EntryVisibility("org", uuid(view, "senderUserId"), null, null, List.of()) : EntryVisibility.NONE;
        return new Projection(e.type(), summary, new Target("message", id), source, data, targets, List.of(), visibility, null,
                e.type().equals("message.deleted"));
    }

    private static List<Target> withContact(Target self, JsonObject view) {
        List<Target> targets = new ArrayList<>(List.of(self));
        addContact(targets, view);
        return targets;
    }

    private static void addContact(List<Target> targets, JsonObject view) {
        UUID contact = uuid(view, "contactId");
        if (contact != null) {
            targets.add(new Target("contact", contact));
        }
    }

    private static String from(EventEnvelope e, String detail) {
        String value = detail == null ? null : e.data().getString(detail);
        return text(value != null ? value : e.data().getJsonObject("before", new JsonObject()).getString("status"), "none");
    }

    private static String to(EventEnvelope e, String detail) {
        String value = detail == null ? null : e.data().getString(detail);
        return text(value != null ? value : e.data().getJsonObject("after", new JsonObject()).getString("status"), "none");
    }

    /** The record as the event leaves it (or as it was, for a deletion). */
    private static JsonObject view(EventEnvelope e) {
        JsonObject after = e.data().getJsonObject("after");
        return after != null ? after : e.data().getJsonObject("before", new JsonObject());
    }

    /** The entry's data: the record's view plus the event's details. */
    private static JsonObject data(EventEnvelope e, JsonObject view) {
        JsonObject data = view.copy();
        for (String field : e.data().fieldNames()) {
            if (!Set.of("entityType", "entityId", "before", "after").contains(field)) {
                data.put(field, e.data().getValue(field));
            }
        }
        return data;
    }

    private static String text(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }

    static UUID uuid(JsonObject json, String field) {
        String value = json.getString(field);
        try {
            return value == null ? null : UUID.fromString(value);
        } catch (IllegalArgumentException ex) {
            return null;
        }
    }
}
