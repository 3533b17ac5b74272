package dev.switchboard.workflows;

import dev.switchboard.cases.CasePatch;
import dev.switchboard.jobs.JobFailure;
import dev.switchboard.platform.db.Db;
import dev.switchboard.tenancy.Principal;
import dev.switchboard.tenancy.UserStore;
import dev.switchboard.webhooks.outbound.DeliverWebhookHandler;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Performs one workflow action through the owning feature's service, as the automation principal, so its
 * rules, audit entries and events are the same as for a person's request. Each action is its own
 * transaction (the feature's); it completes with a step result, or fails. The {@linkplain LocalActions local}
 * actions are not here: they run on the caller's connection.
 */
final class Actions {

    /** What a step did: {@code succeeded} or {@code skipped} (with the reason in {@code result}). */
    record StepResult(String status, JsonObject result) {
        static StepResult done(JsonObject result) {
            return new StepResult("succeeded", result);
        }

        static StepResult skipped(String reason) {
            return new StepResult("skipped", new JsonObject().put("reason", reason));
        }
    }

    private final Db db;
    private final ActionPorts ports;
    private final Assignees assignees;
    private final Clock clock;

    Actions(Db db, ActionPorts ports, Clock clock) {
        this.db = db;
        this.ports = ports;
        this.assignees = new Assignees(db);
        this.clock = clock;
    }

    Future<StepResult> perform(Principal p, Run run, int position, JsonObject step) {
        return switch (step.getString("type")) {
            case "send_email" -> sendEmail(p, run, step);
            case "create_task" -> createTask(p, run, step);
            case "assign" -> assign(p, run, position, step);
            case "update_field" -> updateField(p, run, step);
            case "add_note" -> addNote(p, run, step);
            case "send_webhook" -> sendWebhook(p, run, position, step);
            default -> Future.failedFuture(JobFailure.permanent("unknown action " + step.getString("type")));
        };
    }

    private Future<StepResult> sendEmail(Principal p, Run run, JsonObject step) {
        UUID templateId = UUID.fromString(step.getString("templateId"));
        String to = step.getString("to");
        if (!DefinitionParser.RECIPIENTS.contains(to)) {
            return send(p, run, templateId, to);
        }
        UUID user = step.getString("toUserId") == null ? null : UUID.fromString(step.getString("toUserId"));
        if (user == null) {
            return Future.succeededFuture(StepResult.skipped("the record has no " + to));
        }
        return db.inTenant(p.tenantId(), conn -> OptOuts.optedOut(conn, p.tenantId(), List.of(user), OptOuts.EMAILS)
                .compose(out -> out.isEmpty() ? UserStore.find(conn, p.tenantId(), user).map(u -> u == null ? null : u.email())
                        : Future.succeededFuture("")))
                .compose(email -> email == null ? Future.succeededFuture(StepResult.skipped("the " + to + " no longer exists"))
                        : email.isEmpty() ? Future.succeededFuture(StepResult.skipped("the " + to + " opted out of automation emails"))
                        : send(p, run, templateId, email));
    }

    private Future<StepResult> send(Principal p, Run run, UUID templateId, String to) {
        return ports.email().send(p, templateId, to, run.input(), List.of())
                .map(m -> StepResult.done(new JsonObject().put("emailId", m.id().toString()).put("to", to)));
    }

    private Future<StepResult> createTask(Principal p, Run run, JsonObject step) {
        JsonObject body = new JsonObject().put("title", step.getString("title"))
                .put("description", step.getString("description")).put("priority", step.getString("priority"));
        if (step.getInteger("dueInHours") != null) {
            body.put("dueAt", clock.instant().plus(Duration.ofHours(step.getInteger("dueInHours"))).toString());
        }
        if ("case".equals(run.entityType()) || "contact".equals(run.entityType())) {
            body.put(run.entityType() + "Id", run.entityId().toString());
        }
        String assignee = step.getString("assigneeUserId");
        Future<Boolean> optedOut = assignee == null ? Future.succeededFuture(false)
                : db.inTenant(p.tenantId(), conn -> OptOuts.optedOut(conn, p.tenantId(), List.of(UUID.fromString(assignee)),
                        OptOuts.ASSIGNMENTS)).map(out -> !out.isEmpty());
        return optedOut.compose(out -> {
            if (assignee != null && !out) {
                body.put("assigneeUserId", assignee);
            }
            return ports.tasks().create(p, body).map(task -> StepResult.done(new JsonObject().put("taskId", task.getString("id"))
                    .put("assigneeUserId", task.getString("assigneeUserId"))));
        });
    }

    private Future<StepResult> assign(Principal p, Run run, int position, JsonObject step) {
        if (!Set.of("case", "task").contains(run.entityType())) {
            return Future.failedFuture(JobFailure.permanent("assign works on cases and tasks, not " + run.entityType()));
        }
        return assignees.choose(p.tenantId(), run, position, step).compose(choice -> {
            if (choice.skipped() != null) {
                return Future.succeededFuture(StepResult.skipped(choice.skipped()));
            }
            Future<?> done = "case".equals(run.entityType())
                    ? ports.caseAssignment().bulkAssign(p, List.of(run.entityId()), choice.userId(), choice.queueId())
                    : ports.tasks().update(p, run.entityId(), choice.userId() != null
                            ? new JsonObject().put("assigneeUserId", choice.userId().toString())
                            : new JsonObject().put("assigneeQueueId", choice.queueId().toString()));
            return done.map(v -> StepResult.done(choice.toJson()));
        });
    }

    private Future<StepResult> updateField(Principal p, Run run, JsonObject step) {
        String field = step.getString("field");
        String value = step.getString("value");
        if ("task".equals(run.entityType())) {
            return ports.tasks().update(p, run.entityId(), new JsonObject().put(field, value))
                    .map(task -> StepResult.done(new JsonObject().put(field, task.getValue(field))));
        }
        if ("case".equals(run.entityType()) && Set.of("title", "priority").contains(field)) {
            CasePatch patch = new CasePatch(Set.of(field), "title".equals(field) ? value : null, null,
                    "priority".equals(field) ? value : null, null, null, null, null);
            return ports.cases().update(p, run.entityId(), patch, null).map(c -> StepResult.done(new JsonObject().put(field, value)));
        }
        return Future.failedFuture(JobFailure.permanent("update_field cannot change " + field + " of a " + run.entityType()));
    }

    private Future<StepResult> addNote(Principal p, Run run, JsonObject step) {
        if (run.entityType() == null || run.entityId() == null) {
            return Future.failedFuture(JobFailure.permanent("add_note needs a record, and this trigger has none"));
        }
        JsonObject body = new JsonObject().put("body", step.getString("body")).put("visibility", step.getString("visibility", "org"));
        return ports.notes().create(p, run.entityType(), run.entityId(), body)
                .map(id -> StepResult.done(new JsonObject().put("noteId", id.toString())));
    }

    private Future<StepResult> sendWebhook(Principal p, Run run, int position, JsonObject step) {
        UUID endpointId = UUID.fromString(step.getString("endpointId"));
        UUID messageId = UUID.nameUUIDFromBytes((run.id() + ":" + position).getBytes(StandardCharsets.UTF_8));
        JsonObject message = new JsonObject().put("type", "workflow.webhook").put("timestamp", clock.instant().toString())
                .put("data", new JsonObject().put("workflowId", run.workflowId().toString()).put("runId", run.id().toString())
                        .put("trigger", run.triggerType()).put("input", run.input()));
        return ports.webhooks().get(p, endpointId)
                .compose(endpoint -> db.inTenant(p.tenantId(), conn -> ports.jobs().enqueue(conn, p.tenantId(),
                        DeliverWebhookHandler.job(endpointId, messageId, "workflow.webhook", message))))
                .map(jobId -> StepResult.done(new JsonObject().put("endpointId", endpointId.toString())
                        .put("messageId", messageId.toString()).put("jobId", jobId.toString())));
    }
}
