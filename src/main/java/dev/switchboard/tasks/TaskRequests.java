package dev.switchboard.tasks;

import dev.switchboard.fields.CustomFieldService;
import dev.switchboard.platform.http.Validator;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Reads task requests: bodies for create and update, comments, time logs, and the list filters. */
final class TaskRequests {

    static final int MAX_TITLE = 200;
    static final int MAX_DESCRIPTION = 10_000;
    static final int MAX_MINUTES = 7 * 24 * 60;
    private static final List<String> FIELDS = List.of("title", "description", "caseId", "contactId", "assigneeUserId",
            "assigneeQueueId", "dueAt", "priority", "status", "teamId", "customFields");

    private TaskRequests() {
    }

    static TaskFields create(JsonObject body) {
        Validator v = new Validator(body);
        TaskFields fields = read(v, body, true);
        v.check();
        return fields;
    }

    static TaskPatch patch(JsonObject body) {
        Validator v = new Validator(body);
        TaskFields values = read(v, body, false);
        Set<String> present = new HashSet<>();
        FIELDS.stream().filter(body::containsKey).forEach(present::add);
        for (String required : List.of("title", "priority", "status")) {
            if (present.contains(required) && body.getValue(required) == null) {
                v.fail(required, "must not be null");
            }
        }
        v.check();
        return new TaskPatch(Set.copyOf(present), values);
    }

    private static TaskFields read(Validator v, JsonObject body, boolean creating) {
        String title = creating || body.getValue("title") != null ? v.requiredString("title", MAX_TITLE) : null;
        UUID user = v.optionalUuid("assigneeUserId");
        UUID queue = v.optionalUuid("assigneeQueueId");
        if (user != null && queue != null) {
            v.fail("assigneeQueueId", "a task is assigned to a user or to a queue, not both");
        }
        return new TaskFields(title, v.optionalString("description", MAX_DESCRIPTION), v.optionalUuid("caseId"),
                v.optionalUuid("contactId"), user, queue, v.timestamp(body.getValue("dueAt"), "dueAt"),
                body.getValue("priority") == null ? "normal" : v.oneOf("priority", Task.PRIORITIES),
                body.getValue("status") == null ? "open" : v.oneOf("status", Task.STATUSES), v.optionalUuid("teamId"),
                CustomFieldService.given(body, v));
    }

    static String comment(JsonObject body) {
        Validator v = new Validator(body);
        String text = v.requiredString("body", MAX_DESCRIPTION);
        v.check();
        return text;
    }

    static TaskTimeLog.Input timeLog(JsonObject body) {
        Validator v = new Validator(body);
        Object minutes = body.getValue("minutes");
        if (!(minutes instanceof Integer m) || m < 1 || m > MAX_MINUTES) {
            v.fail("minutes", "must be an integer from 1 to " + MAX_MINUTES);
        }
        String note = v.optionalString("note", 1000);
        OffsetDateTime loggedAt = v.timestamp(body.getValue("loggedAt"), "loggedAt");
        v.check();
        return new TaskTimeLog.Input((Integer) minutes, note, loggedAt == null ? OffsetDateTime.now() : loggedAt);
    }

    static TaskFilter filter(RoutingContext ctx) {
        Validator v = new Validator(new JsonObject());
        String q = ctx.queryParams().get("q");
        String status = ctx.queryParams().get("status");
        if (status != null && !Task.STATUSES.contains(status)) {
            v.fail("status", "must be one of " + String.join(", ", Task.STATUSES.stream().sorted().toList()));
        }
        String overdue = ctx.queryParams().get("overdue");
        if (overdue != null && !overdue.equals("true") && !overdue.equals("false")) {
            v.fail("overdue", "must be true or false");
        }
        TaskFilter filter = new TaskFilter(q == null || q.isBlank() ? null : q.trim(), status,
                v.uuid(ctx.queryParams().get("assigneeUserId"), "assigneeUserId"), v.timestamp(ctx.queryParams().get("dueFrom"), "dueFrom"),
                v.timestamp(ctx.queryParams().get("dueTo"), "dueTo"), "true".equals(overdue),
                v.uuid(ctx.queryParams().get("caseId"), "caseId"), v.uuid(ctx.queryParams().get("contactId"), "contactId"));
        v.check();
        return filter;
    }
}
