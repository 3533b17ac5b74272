package dev.switchboard.workflows;

import dev.switchboard.audit.Change;
import dev.switchboard.audit.Changes;
import dev.switchboard.jobs.Job;
import dev.switchboard.jobs.JobFailure;
import dev.switchboard.jobs.JobHandler;
import dev.switchboard.platform.bus.Actor;
import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.error.ApiException;
import dev.switchboard.platform.http.RequestMeta;
import dev.switchboard.tenancy.Principal;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The {@code workflow.run} job: performs a run's actions in order, each in its own transaction, and records
 * every step. A step is marked started before its effect and finished after it, so a retried job skips the
 * steps that finished, re-runs a step whose effect failed (nothing committed), and never repeats a step
 * that was interrupted mid-way (its effect may have committed): that step is marked interrupted and the run
 * fails. A step refused for good (bad input, 4xx from the feature) fails the run at once; other failures
 * are retried by the queue, and when the attempts run out the run fails. Ends with
 * {@code workflow.run_completed} or {@code workflow.run_failed}.
 */
final class RunWorkflowHandler implements JobHandler {

    private final Db db;
    private final Changes changes;
    private final Actions actions;
    private final SweeperMetrics metrics;
    private final Clock clock;

    RunWorkflowHandler(Db db, Changes changes, Actions actions, SweeperMetrics metrics, Clock clock) {
        this.db = db;
        this.changes = changes;
        this.actions = actions;
        this.metrics = metrics;
        this.clock = clock;
    }

    private record Loaded(Run run, Definition definition, UUID author, Map<Integer, String> stepStatus) {
    }

    @Override
    public Future<Void> run(Job job) {
        UUID runId = UUID.fromString(job.payload().getString("runId"));
        UUID tenantId = job.tenantId();
        return db.inTenant(tenantId, conn -> RunStore.find(conn, tenantId, runId).compose(run -> {
            if (run == null || !(Run.QUEUED.equals(run.status()) || Run.RUNNING.equals(run.status()))) {
                return Future.succeededFuture((Loaded) null);
            }
            return RunStore.start(conn, tenantId, runId)
                    .compose(v -> WorkflowStore.version(conn, tenantId, run.workflowId(), run.workflowVersion()))
                    .compose(version -> RunStore.steps(conn, tenantId, runId).map(steps -> {
                        Map<Integer, String> status = new HashMap<>();
                        steps.forEach(s -> status.put(s.getInteger("position"), s.getString("status")));
                        return new Loaded(run, Definition.fromJson(version.getJsonObject("definition")),
                                UUID.fromString(version.getString("createdBy")), status);
                    }));
        })).compose(loaded -> {
            if (loaded == null) {
                return Future.succeededFuture();
            }
            lag(loaded.run());
            return steps(loaded, 0);
        });
    }

    /** For a clock trigger's first attempt: how long after its due time the run started. */
    private void lag(Run run) {
        if (Triggers.isClock(run.triggerType()) && Run.QUEUED.equals(run.status()) && run.input().getValue("dueAt") instanceof String due) {
            metrics.lag(java.time.Duration.between(java.time.Instant.parse(due), clock.instant()));
        }
    }

    private Future<Void> steps(Loaded l, int position) {
        List<JsonObject> list = l.definition().actions();
        if (position == list.size()) {
            return finish(l.run(), Run.SUCCEEDED, null);
        }
        String previous = l.stepStatus().get(position);
        if ("succeeded".equals(previous) || "skipped".equals(previous)) {
            return steps(l, position + 1);
        }
        if ("started".equals(previous) || "interrupted".equals(previous)) {
            String error = "step " + position + " was interrupted while it ran; it is not repeated, so its effect cannot happen twice";
            return db.inTenant(l.run().tenantId(), conn -> RunStore.finishStep(conn, l.run().tenantId(), l.run().id(), position,
                    "interrupted", null, error, now())).compose(v -> finish(l.run(), Run.FAILED, error));
        }
        JsonObject step = StepInputs.describe(list.get(position), l.run().input());
        Principal p = Principal.automation(l.run().tenantId(), l.author(), l.run().correlationId());
        return db.inTenant(l.run().tenantId(), conn -> RunStore.startStep(conn, l.run().tenantId(), l.run().id(), position,
                        step.getString("type"), step, now()))
                .compose(started -> !started ? Future.failedFuture(JobFailure.retryable("step " + position + " is held by another run"))
                        : perform(p, l, position, step));
    }

    private Future<Void> perform(Principal p, Loaded l, int position, JsonObject step) {
        UUID tenantId = l.run().tenantId();
        Future<Actions.StepResult> effect;
        try {
            effect = actions.perform(p, l.run(), position, step);
        } catch (RuntimeException e) {
            effect = Future.failedFuture(e);
        }
        return effect.transform(ar -> {
            if (ar.succeeded()) {
                return db.inTenant(tenantId, conn -> RunStore.finishStep(conn, tenantId, l.run().id(), position, ar.result().status(),
                        ar.result().result(), null, now())).compose(v -> steps(l, position + 1));
            }
            String error = describe(ar.cause());
            Future<Void> recorded = db.inTenant(tenantId, conn -> RunStore.finishStep(conn, tenantId, l.run().id(), position, "failed",
                    null, error, now()));
            return permanent(ar.cause())
                    ? recorded.compose(v -> finish(l.run(), Run.FAILED, "step " + position + " (" + step.getString("type") + "): " + error))
                    : recorded.compose(v -> Future.failedFuture(JobFailure.retryable(error)));
        });
    }

    @Override
    public Future<Void> onDead(SqlConnection conn, Job job, String error) {
        UUID runId = UUID.fromString(job.payload().getString("runId"));
        return RunStore.find(conn, job.tenantId(), runId).compose(run -> run == null ? Future.succeededFuture()
                : finishIn(conn, run, Run.FAILED, "gave up after " + job.attempts() + " attempts: " + error));
    }

    private Future<Void> finish(Run run, String status, String error) {
        return db.inTenant(run.tenantId(), conn -> finishIn(conn, run, status, error));
    }

    private Future<Void> finishIn(SqlConnection conn, Run run, String status, String error) {
        return RunStore.finish(conn, run.tenantId(), run.id(), status, error, now()).compose(finished -> {
            if (!finished) {
                return Future.succeededFuture();
            }
            String action = Run.SUCCEEDED.equals(status) ? "workflow.run_completed" : "workflow.run_failed";
            // the workflow's name travels with the run's outcome, for timelines and webhook consumers
            return WorkflowStore.find(conn, run.tenantId(), run.workflowId()).compose(workflow -> {
                String name = workflow == null ? null : workflow.name();
                JsonObject before = run.auditView().put("workflowName", name);
                JsonObject after = before.copy().put("status", status).put("error", error);
                return changes.record(conn, run.tenantId(), Actor.SYSTEM, new RequestMeta(run.correlationId(), null, null),
                        Change.updated(action, "workflow_run", run.id(), before, after));
            });
        });
    }

    private static boolean permanent(Throwable err) {
        return err instanceof JobFailure f && f.isPermanent() || err instanceof ApiException a && a.status() < 500;
    }

    private static String describe(Throwable err) {
        String message = err.getMessage() == null ? err.getClass().getSimpleName() : err.getMessage();
        if (err instanceof ApiException a && a.errors() != null && !a.errors().isEmpty()) {
            message += " " + a.errors();
        }
        return message.length() <= 1000 ? message : message.substring(0, 1000);
    }

    private OffsetDateTime now() {
        return clock.instant().atOffset(ZoneOffset.UTC);
    }
}
