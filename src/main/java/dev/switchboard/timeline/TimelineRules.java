package dev.switchboard.timeline;

import dev.switchboard.platform.bus.EventEnvelope;
import dev.switchboard.timeline.Projection.EntryVisibility;
import dev.switchboard.timeline.Projection.Parent;
import dev.switchboard.timeline.Projection.Target;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * Maps domain events to timeline projections with human summaries; events it does not know map to nothing.
 * Contacts, cases and conversations are mapped here; the activities on them (tasks, notes, appointments,
 * messages, deliveries, leads, workflow runs) in {@link ActivityRules}.
 */
final class TimelineRules {

    /** The record types that have a timeline. */
    static final Set<String> RECORD_TYPES = Set.of("contact", "case", "conversation", "appointment");

    /** Delivery reports of an outbound email, as the email provider names them. */
    static final Set<String> EMAIL_STATUS_EVENTS = Set.of("email.sent", "email.delivered", "email.delivery_delayed",
            "email.bounced", "email.complained", "email.opened", "email.clicked", "email.failed");

    static final Set<String> HANDLED = union(EMAIL_STATUS_EVENTS, Set.of(
            "contact.created", "contact.updated", "contact.archived", "contact.restored", "contact.merged",
            "case.created", "case.status_changed", "case.assigned", "case.updated", "case.archived", "case.restored",
            "case.handoff_accepted", "case.handoff_denied",
            "note.created", "note.updated", "note.deleted",
            "task.created", "task.assigned", "task.updated", "task.completed", "task.commented", "task.deleted",
            "appointment.created", "appointment.rescheduled", "appointment.updated", "appointment.cancelled",
            "appointment.responded",
            "conversation.created", "conversation.status_changed", "conversation.assigned", "conversation.updated",
            "message.received", "message.sent", "message.noted", "message.deleted", "message.delivery_updated",
            "lead.received", "workflow.run_completed", "workflow.run_failed"));

    private TimelineRules() {
    }

    static boolean handles(String type) {
        return HANDLED.contains(type);
    }

    /**
     * False for an event whose projection is known to write nothing, so that its consumer need not open a transaction
     * for it: a task's (other than its deletion, which removes what earlier events wrote) while the task is on no case
     * and has no contact.
     */
    static boolean mayProject(EventEnvelope e) {
        if (e.type().startsWith("task.") && !e.type().equals("task.deleted")) {
            JsonObject view = view(e);
            return uuid(view, "caseId") != null || uuid(view, "contactId") != null;
        }
        return true;
    }

    /** The conversation a message or delivery event belongs to, whose channel, subject and case it needs; null otherwise. */
    static UUID conversationOf(EventEnvelope e) {
        return e.type().startsWith("message.") || EMAIL_STATUS_EVENTS.contains(e.type()) ? uuid(view(e), "conversationId") : null;
    }

    /** The projection of {@code e}; {@code conversation} is what is known of a message's conversation (may be null). */
    static Projection project(EventEnvelope e, Parent conversation) {
        JsonObject view = view(e);
        UUID id = uuid(e.data(), "entityId");
        JsonObject data = data(e, view);
        if (EMAIL_STATUS_EVENTS.contains(e.type()) || e.type().equals("message.delivery_updated")) {
            return ActivityRules.delivery(e, id, view, data, conversation);
        }
        String kind = e.type().substring(0, e.type().indexOf('.'));
        return switch (kind) {
            case "contact" -> simple(e, "contact", id, contactSummary(e, view), data, List.of(new Target("contact", id)), null);
            case "case" -> simple(e, "case", id, caseSummary(e, view), data, withContact(new Target("case", id), view),
                    new Parent("case", id, uuid(view, "contactId"), null, null, null));
            case "conversation" -> simple(e, "conversation", id, conversationSummary(e, view), data,
                    withContact(new Target("conversation", id), view), new Parent("conversation", id, uuid(view, "contactId"),
                            uuid(view, "caseId"), view.getString("channel"), view.getString("subject")));
            case "task" -> ActivityRules.task(e, id, view, data);
            case "note" -> ActivityRules.note(e, id, view, data);
            case "appointment" -> ActivityRules.appointment(e, id, view, data);
            case "message" -> ActivityRules.message(e, id, view, data, conversation);
            case "lead" -> ActivityRules.lead(e, data);
            case "workflow" -> ActivityRules.workflowRun(e, id, data);
            default -> throw new IllegalArgumentException("unhandled event " + e.type());
        };
    }

    private static Projection simple(EventEnvelope e, String type, UUID id, String summary, JsonObject data, List<Target> targets,
                                     Parent parent) {
        Target self = new Target(type, id);
        return new Projection(e.type(), summary, self, self, data, targets, List.of(), EntryVisibility.NONE, parent, false);
    }

    private static String contactSummary(EventEnvelope e, JsonObject view) {
        return switch (e.type()) {
            case "contact.created" -> "Contact created: " + text(view.getString("fullName"), "unnamed");
            case "contact.merged" -> "Merged with " + text(e.data().getJsonObject("merged", new JsonObject()).getString("fullName"),
                    "another contact");
            case "contact.archived" -> "Contact archived";
            case "contact.restored" -> "Contact restored";
            default -> "Contact updated";
        };
    }

    private static String caseSummary(EventEnvelope e, JsonObject view) {
        return switch (e.type()) {
            case "case.created" -> "Case created: #" + view.getValue("number") + " " + view.getString("title");
            case "case.status_changed" -> "Status changed: " + stage(e, "from") + " → " + stage(e, "to");
            case "case.assigned" -> "Case assigned";
            case "case.archived" -> "Case archived";
            case "case.restored" -> "Case restored";
            case "case.handoff_accepted" -> "Handoff accepted";
            case "case.handoff_denied" -> "Handoff denied";
            default -> "Case updated";
        };
    }

    private static String conversationSummary(EventEnvelope e, JsonObject view) {
        return switch (e.type()) {
            case "conversation.created" -> view.getString("subject") == null ? "Conversation started"
                    : "Conversation started: " + view.getString("subject");
            case "conversation.status_changed" -> "Conversation status changed: " + display(status(e, "before")) + " → "
                    + display(status(e, "after"));
            case "conversation.updated" -> "Conversation updated";
            default -> "Conversation assigned";
        };
    }

    /** A case's stage before or after the event: its display name when the event carries it, else its key made readable. */
    private static String stage(EventEnvelope e, String side) {
        String name = e.data().getString(side + "StageName");
        if (name != null && !name.isBlank()) {
            return name;
        }
        String key = e.data().getString(side + "Stage");
        return display(key != null ? key : status(e, side.equals("from") ? "before" : "after"));
    }

    private static String status(EventEnvelope e, String side) {
        return e.data().getJsonObject(side, new JsonObject()).getString("status");
    }

    /** A stage or status key as people read it: {@code in_progress} → {@code In progress}. */
    static String display(String key) {
        if (key == null || key.isBlank()) {
            return "None";
        }
        String words = key.replace('_', ' ').replace('-', ' ').trim();
        return words.substring(0, 1).toUpperCase(Locale.ROOT) + words.substring(1);
    }

    static List<Target> withContact(Target self, JsonObject view) {
        List<Target> targets = new ArrayList<>(List.of(self));
        addContact(targets, view);
        return targets;
    }

    static void addContact(List<Target> targets, JsonObject view) {
        UUID contact = uuid(view, "contactId");
        Target target = contact == null ? null : new Target("contact", contact);
        if (target != null && !targets.contains(target)) {
            targets.add(target);
        }
    }

    /** The record as the event leaves it (or as it was, for a deletion). */
    static JsonObject view(EventEnvelope e) {
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

    static String text(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }

    static UUID uuid(JsonObject json, String field) {
        Object value = json.getValue(field);
        try {
            return value instanceof String s ? UUID.fromString(s) : null;
        } catch (IllegalArgumentException ex) {
            return null;
        }
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }
}
