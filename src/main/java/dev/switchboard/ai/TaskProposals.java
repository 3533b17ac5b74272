package dev.switchboard.ai;

import dev.switchboard.tenancy.Permission;
import dev.switchboard.tenancy.Principal;
import dev.switchboard.tenancy.Records;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;

/**
 * Natural-language task creation: a sentence ("call Ann about the contract next Tuesday 10am") becomes a proposed task
 * with its title, an assignee among the organization's colleagues (the writer when none is named), the due time
 * resolved in the writer's time zone and a priority. Nothing is created: the client confirms by posting the proposal's
 * {@code task} to {@code /api/v1/tasks}.
 */
final class TaskProposals {

    static final int MAX_TEXT = 2000;

    private final Assistant assistant;
    private final Colleagues colleagues;
    private final Records records;

    TaskProposals(Assistant assistant, Colleagues colleagues, Records records) {
        this.assistant = assistant;
        this.colleagues = colleagues;
        this.records = records;
    }

    /**
     * The proposal for {@code text}, linked to {@code caseId} or {@code contactId} when given. 403 without
     * {@code tasks.write}; 422 when a link names nothing the caller may read; 409 when the feature is off.
     */
    Future<JsonObject> propose(Principal p, String text, UUID caseId, UUID contactId) {
        Assistant.requireStaff(p);
        p.require(Permission.TASKS_WRITE);
        return records.requireReadable(p, "case", caseId, "caseId")
                .compose(v -> records.requireReadable(p, "contact", contactId, "contactId"))
                .compose(v -> assistant.enabled(p.tenantId(), AiSettings.TASK_FROM_TEXT))
                .compose(s -> colleagues.of(p).compose(view -> assistant.ask(p, s, Templates.TASK_FROM_TEXT,
                        view.context(p.userId()) + "\nThe writer's sentence:\n" + Fence.wrap("request", text),
                        answer -> view.unknown(answer.getString("assigneeUserId"), "assigneeUserId")).map(answer -> {
                            JsonObject task = task(view, answer, p.userId(), caseId != null ? "case" : contactId != null ? "contact" : null,
                                    caseId != null ? caseId : contactId);
                            return task.copy().put("dueLocal", answer.getString("dueLocal")).put("timezone", view.zone().getId())
                                    .put("promptVersion", Templates.TASK_FROM_TEXT.version()).put("task", body(task));
                        })));
    }

    /** A proposed task from a validated answer: the assignee resolved (the writer by default), the due time as an instant. */
    static JsonObject task(Colleagues.View view, JsonObject answer, UUID writer, String linkType, UUID linkId) {
        Instant due = view.instant(answer.getString("dueLocal"));
        JsonObject task = new JsonObject().put("title", answer.getString("title"))
                .mergeIn(view.assignee(answer.getString("assigneeUserId"), writer))
                .put("dueAt", due == null ? null : due.toString())
                .put("priority", answer.getString("priority"));
        if ("case".equals(linkType) || "contact".equals(linkType)) {
            task.put(linkType + "Id", linkId.toString());
        }
        return task;
    }

    /** The body that creates {@code task} through the tasks API. */
    static JsonObject body(JsonObject task) {
        JsonObject body = new JsonObject();
        for (String field : new String[] {"title", "assigneeUserId", "dueAt", "priority", "caseId", "contactId"}) {
            if (task.getValue(field) != null) {
                body.put(field, task.getValue(field));
            }
        }
        return body;
    }
}
