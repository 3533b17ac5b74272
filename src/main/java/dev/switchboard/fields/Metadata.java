package dev.switchboard.fields;

import dev.switchboard.calendar.Appointment;
import dev.switchboard.cases.Case;
import dev.switchboard.cases.Pipeline;
import dev.switchboard.cases.PipelineService;
import dev.switchboard.conversations.Conversation;
import dev.switchboard.notes.NoteVisibility;
import dev.switchboard.platform.http.Pages;
import dev.switchboard.tasks.Task;
import dev.switchboard.tenancy.Principal;
import dev.switchboard.tenancy.Role;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * What a client needs to draw forms and filters in one answer: the organization's custom field definitions by record
 * type, and the values of every built-in picklist (roles, case pipelines with their stages, priorities, sources,
 * statuses, channels, kinds, visibilities).
 */
public final class Metadata {

    /** The order people expect to see built-in values in; values not listed follow alphabetically. */
    private static final List<String> ORDER = List.of("low", "normal", "high", "urgent", "open", "in_progress", "pending",
            "snoozed", "resolved", "done", "closed", "cancelled", "manual", "meta", "email", "api", "web_chat", "sms", "internal",
            "meeting", "call", "reminder", "blocked", "private", "team", "org");

    private final CustomFieldService fields;
    private final PipelineService pipelines;

    public Metadata(CustomFieldService fields, PipelineService pipelines) {
        this.fields = fields;
        this.pipelines = pipelines;
    }

    public Future<JsonObject> of(Principal p) {
        Future<List<CustomFieldDefinition>> definitions = fields.all(p);
        Future<List<Pipeline>> caseStages = pipelines.list(p, new Pages(Pages.MAX_LIMIT, null, false));
        return Future.all(definitions, caseStages).map(done -> new JsonObject()
                .put("customFields", byRecordType(definitions.result()))
                .put("picklists", picklists(caseStages.result())));
    }

    private static JsonObject byRecordType(List<CustomFieldDefinition> definitions) {
        JsonObject out = new JsonObject();
        CustomFieldInput.RECORD_TYPES.stream().sorted().forEach(type -> out.put(type, new JsonArray()));
        definitions.forEach(d -> out.getJsonArray(d.recordType()).add(d.toJson()));
        return out;
    }

    private static JsonObject picklists(List<Pipeline> pipelines) {
        JsonArray stages = new JsonArray();
        pipelines.forEach(p -> stages.add(p.toJson()));
        return new JsonObject()
                .put("roles", new JsonArray(Arrays.stream(Role.values()).map(Role::wire).toList()))
                .put("casePipelines", stages)
                .put("casePriorities", ordered(Case.PRIORITIES))
                .put("caseSources", ordered(Case.SOURCES))
                .put("taskPriorities", ordered(Task.PRIORITIES))
                .put("taskStatuses", ordered(Task.STATUSES))
                .put("conversationStatuses", ordered(Conversation.STATUSES))
                .put("conversationChannels", ordered(Conversation.CHANNELS))
                .put("conversationPriorities", ordered(Conversation.PRIORITIES))
                .put("appointmentKinds", ordered(Appointment.KINDS))
                .put("noteVisibilities", ordered(NoteVisibility.NAMES))
                .put("customFieldTypes", ordered(CustomFieldInput.TYPES));
    }

    private static JsonArray ordered(Set<String> values) {
        return new JsonArray(values.stream().sorted(Comparator.comparingInt((String v) -> ORDER.contains(v) ? ORDER.indexOf(v) : ORDER.size())
                .thenComparing(Comparator.naturalOrder())).toList());
    }
}
