package dev.switchboard.timeline;

import static dev.switchboard.timeline.TimelineRules.RECORD_TYPES;
import static dev.switchboard.timeline.TimelineRules.addContact;
import static dev.switchboard.timeline.TimelineRules.display;
import static dev.switchboard.timeline.TimelineRules.text;
import static dev.switchboard.timeline.TimelineRules.uuid;
import static dev.switchboard.timeline.TimelineRules.withContact;

import dev.switchboard.platform.bus.EventEnvelope;
import dev.switchboard.timeline.Projection.EntryVisibility;
import dev.switchboard.timeline.Projection.Parent;
import dev.switchboard.timeline.Projection.Target;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Timeline projections of the activities on records: tasks, notes, appointments, messages and deliveries, leads, workflow runs. */
final class ActivityRules {

    private static final Map<String, String> EMAIL_STATUS = Map.of(
            "sent", "Email sent", "delivered", "Email delivered", "delivery_delayed", "Email delivery delayed",
            "bounced", "Email bounced", "complained", "Email marked as spam", "opened", "Email opened",
            "clicked", "Email link clicked", "failed", "Email failed");

    private ActivityRules() {
    }

    static Projection task(EventEnvelope e, UUID id, JsonObject view, JsonObject data) {
        String title = text(view.getString("title"), "untitled");
        String summary = switch (e.type()) {
            case "task.completed" -> "Task completed: " + title;
            case "task.assigned" -> "Task assigned: " + title;
            case "task.updated" -> "Task updated: " + title;
            case "task.commented" -> "Comment on task: " + title;
            default -> "Task created: " + title;
        };
        List<Target> targets = new ArrayList<>();
        List<Target> rollup = new ArrayList<>();
        onRecord(new Target("case", uuid(view, "caseId")), targets, rollup);
        addContact(targets, view);
        Target task = new Target("task", id);
        return new Projection(e.type(), summary, task, task, data, targets, rollup, EntryVisibility.NONE, null,
                e.type().equals("task.deleted"));
    }

    static Projection note(EventEnvelope e, UUID id, JsonObject view, JsonObject data) {
        Target note = new Target("note", id);
        List<Target> targets = new ArrayList<>();
        List<Target> rollup = new ArrayList<>();
        onRecord(new Target(view.getString("entityType"), uuid(view, "entityId")), targets, rollup);
        EntryVisibility visibility = new EntryVisibility(view.getString("visibility"), uuid(view, "authorUserId"),
                uuid(view, "teamId"), null, List.of());
        String summary = e.type().equals("note.updated") ? "Note edited" : "Note added";
        return new Projection(e.type(), summary, note, note, data, targets, rollup, visibility, null, e.type().equals("note.deleted"));
    }

    static Projection appointment(EventEnvelope e, UUID id, JsonObject view, JsonObject data) {
        Target appointment = new Target("appointment", id);
        List<Target> targets = new ArrayList<>(List.of(appointment));
        List<Target> rollup = new ArrayList<>();
        view.getJsonArray("attendeeContactIds", new JsonArray()).forEach(c -> targets.add(new Target("contact", UUID.fromString((String) c))));
        for (Object link : view.getJsonArray("links", new JsonArray())) {
            JsonObject l = (JsonObject) link;
            onRecord(new Target(l.getString("entityType"), uuid(l, "entityId")), targets, rollup);
        }
        List<UUID> users = new ArrayList<>();
        view.getJsonArray("attendeeUserIds", new JsonArray()).forEach(u -> users.add(UUID.fromString((String) u)));
        String title = text(view.getString("title"), "untitled");
        String summary = switch (e.type()) {
            case "appointment.created" -> "Meeting scheduled: " + title;
            case "appointment.rescheduled" -> "Meeting rescheduled: " + title;
            case "appointment.cancelled" -> "Meeting cancelled: " + title;
            case "appointment.responded" -> "Invitation " + text(view.getString("response"), "answered") + ": " + title;
            default -> "Meeting updated: " + title;
        };
        EntryVisibility visibility = new EntryVisibility(null, null, null, uuid(view, "ownerUserId"), users);
        return new Projection(e.type(), summary, appointment, appointment, data, targets, rollup, visibility, null, false);
    }

    static Projection message(EventEnvelope e, UUID id, JsonObject view, JsonObject data, Parent conversation) {
        String subject = subject(conversation);
        String summary = switch (e.type()) {
            case "message.received" -> email(conversation) ? "Email received" + subject : "Message received";
            // an email reply is only queued here; its delivery reports say when it was sent
            case "message.sent" -> email(conversation) ? "Email queued" + subject : "Message sent";
            default -> "Internal comment added";
        };
        // internal comments are staff-only, like org-wide notes
        EntryVisibility visibility = e.type().equals("message.noted")
                ? new EntryVisibility("org", uuid(view, "senderUserId"), null, null, List.of()) : EntryVisibility.NONE;
        return onConversation(e, new Target("message", id), summary, view, data, conversation, visibility);
    }

    /** A delivery report of an outbound message: {@code message.delivery_updated} or a provider's {@code email.<status>}. */
    static Projection delivery(EventEnvelope e, UUID id, JsonObject view, JsonObject data, Parent conversation) {
        String status = e.type().startsWith("email.") ? e.type().substring("email.".length()) : view.getString("deliveryStatus");
        String summary = email(conversation) || e.type().startsWith("email.")
                ? EMAIL_STATUS.getOrDefault(status, "Email " + display(status).toLowerCase()) + subject(conversation)
                : "Message " + display(status).toLowerCase();
        data.put("deliveryStatus", status);
        return onConversation(e, new Target("message", id), summary, view, data, conversation, EntryVisibility.NONE);
    }

    /** A lead from an ad platform: on its case and its contact, readable by whoever reads the case (else the contact). */
    static Projection lead(EventEnvelope e, JsonObject data) {
        Target caseTarget = new Target("case", firstId(data, "caseId", "case", e));
        Target contact = new Target("contact", firstId(data, "contactId", "contact", e));
        List<Target> targets = new ArrayList<>();
        for (Target t : List.of(caseTarget, contact)) {
            if (t.id() != null) {
                targets.add(t);
            }
        }
        JsonObject campaign = data.getJsonObject("campaign", data);
        String form = text(data.getString("formName"), text(campaign.getString("formName"),
                text(data.getString("formId"), campaign.getString("formId"))));
        String source = "meta".equalsIgnoreCase(data.getString("source", "meta")) ? "Meta" : display(data.getString("source"));
        String summary = form == null ? "Lead received from " + source : "Lead received from " + source + " form " + form;
        Target entity = new Target("lead", e.id());
        Target owner = targets.isEmpty() ? entity : targets.get(0);
        return new Projection(e.type(), summary, entity, owner, data, targets, List.of(), EntryVisibility.NONE, null, false);
    }

    /** A workflow run that acted on a record: on that record's timeline (and its contact's), readable by its readers. */
    static Projection workflowRun(EventEnvelope e, UUID id, JsonObject data) {
        JsonObject record = data.getJsonObject("record", new JsonObject());
        // the record the run acted on: {record: {type, id}}, or the run's view {entityType, entityId}
        UUID recordId = uuid(record, "id") != null ? uuid(record, "id")
                : uuid(data, "recordId") != null ? uuid(data, "recordId") : uuid(data, "entityId");
        Target on = new Target(text(record.getString("type"), text(data.getString("recordType"), data.getString("entityType"))), recordId);
        List<Target> targets = new ArrayList<>();
        List<Target> rollup = new ArrayList<>();
        onRecord(on, targets, rollup);
        addContact(targets, data);
        String name = text(data.getString("workflowName"), "untitled");
        String outcome = text(data.getString("summary"), text(data.getString("status"), "completed"));
        UUID workflowId = uuid(data, "workflowId");
        Target entity = new Target("workflow", workflowId != null ? workflowId : id);
        Target source = on.id() != null && on.type() != null ? on : entity;
        return new Projection(e.type(), "Workflow " + name + " ran: " + outcome, entity, source, data, targets, rollup,
                EntryVisibility.NONE, null, false);
    }

    private static Projection onConversation(EventEnvelope e, Target entity, String summary, JsonObject view, JsonObject data,
                                             Parent conversation, EntryVisibility visibility) {
        UUID conversationId = uuid(view, "conversationId");
        Target source = new Target("conversation", conversationId);
        List<Target> targets = conversationId == null ? new ArrayList<>() : withContact(source, view);
        if (conversationId == null) {
            addContact(targets, view);
        }
        if (conversation != null && conversation.caseId() != null) {
            targets.add(new Target("case", conversation.caseId()));
        }
        return new Projection(e.type(), summary, entity, conversationId == null ? entity : source, data, targets, List.of(),
                visibility, null, e.type().equals("message.deleted"));
    }

    /** Adds a linked record's timeline; a case's or conversation's entries also reach its contact. */
    private static void onRecord(Target record, List<Target> targets, List<Target> rollup) {
        if (record.id() == null || !RECORD_TYPES.contains(record.type()) || targets.contains(record)) {
            return;
        }
        targets.add(record);
        if (record.type().equals("case") || record.type().equals("conversation")) {
            rollup.add(record);
        }
    }

    private static UUID firstId(JsonObject data, String field, String entityType, EventEnvelope e) {
        UUID id = uuid(data, field);
        return id != null || !entityType.equals(e.data().getString("entityType")) ? id : uuid(e.data(), "entityId");
    }

    private static boolean email(Parent conversation) {
        return conversation != null && "email".equals(conversation.channel());
    }

    private static String subject(Parent conversation) {
        return conversation == null || conversation.subject() == null ? "" : ": " + conversation.subject();
    }
}
