package dev.switchboard.workflows;

import dev.switchboard.jobs.Job;
import dev.switchboard.jobs.JobFailure;
import dev.switchboard.jobs.JobHandler;
import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.events.Batch;
import dev.switchboard.tenancy.Principal;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * The {@code workflow.run} job: performs the steps of a run that could not run where it was launched (it has an
 * action that works through another feature or the outside world) or that failed there, in order, and records
 * every step. One transaction loads the run and goes as far as it can: {@linkplain LocalActions local} steps run
 * inside it, each together with its record; a step that needs its own transaction is marked started there, runs,
 * and the next transaction records how it went and goes on. So a run costs one transaction plus one per such step.
 *
 * <p>A retried job skips the steps that finished, re-runs a step whose effect failed (nothing committed), and
 * never repeats a step that was interrupted mid-way (its effect may have committed): that step is marked
 * interrupted and the run fails. A step refused for good (bad input, 4xx from the feature) fails the run at once;
 * other failures are retried by the queue, and when the attempts run out the run fails. Ends with
 * {@code workflow.run_completed} or {@code workflow.run_failed}.
 */
final class RunWorkflowHandler implements JobHandler {

    private final Db db;
    private final Actions actions;
    private final LocalActions local;
    private final RunOutcomes outcomes;
    private final SweeperMetrics metrics;
    private final Clock clock;

    RunWorkflowHandler(Db db, Actions actions, LocalActions local, RunOutcomes outcomes, SweeperMetrics metrics, Clock clock) {
        this.db = db;
        this.actions = actions;
        this.local = local;
        this.outcomes = outcomes;
        this.metrics = metrics;
        this.clock = clock;
    }

    private record Loaded(Run run, Definition definition, Principal principal, Map<Integer, String> stepStatus) {
    }

    /**
     * Where a transaction left the run: ended ({@code position} -1), waiting for the step at {@code position}, which
     * needs its own transaction and was marked started, or to be retried by the queue ({@code retry} says why).
     */
    private record Next(Loaded loaded, int position, JsonObject step, String retry) {

        static final Next END = new Next(null, -1, null, null);

        static Next retry(String error) {
            return new Next(null, -1, null, error);
        }
    }

    @Override
    public Future<Void> run(Job job) {
        UUID runId = UUID.fromString(job.payload().getString("runId"));
        UUID tenantId = job.tenantId();
        return db.inTenant(tenantId, conn -> load(conn, tenantId, runId).compose(loaded -> {
            if (loaded == null) {
                return Future.succeededFuture(Next.END);
            }
            lag(loaded.run());
            return advance(conn, loaded, 0, new Batch());
        })).compose(this::after);
    }

    private Future<Loaded> load(SqlConnection conn, UUID tenantId, UUID runId) {
        return RunStore.find(conn, tenantId, runId).compose(run -> {
            if (run == null || !(Run.QUEUED.equals(run.status()) || Run.RUNNING.equals(run.status()))) {
                return Future.succeededFuture(null);
            }
            // the three go out together
            Future<Boolean> started = RunStore.start(conn, tenantId, runId);
            Future<JsonObject> version = WorkflowStore.version(conn, tenantId, run.workflowId(), run.workflowVersion());
            Future<List<JsonObject>> steps = RunStore.steps(conn, tenantId, runId);
            return Future.all(started, version, steps).map(all -> {
                Map<Integer, String> status = new HashMap<>();
                steps.result().forEach(s -> status.put(s.getInteger("position"), s.getString("status")));
                UUID author = UUID.fromString(version.result().getString("createdBy"));
                return new Loaded(run, Definition.fromJson(version.result().getJsonObject("definition")),
                        Principal.automation(tenantId, author, run.correlationId()), status);
            });
        });
    }

    /** For a clock trigger's first attempt: how long after its due time the run started. */
    private void lag(Run run) {
        if (Triggers.isClock(run.triggerType()) && Run.QUEUED.equals(run.status()) && run.input().getValue("dueAt") instanceof String due) {
            metrics.lag(Duration.between(Instant.parse(due), clock.instant()));
        }
    }

    /** Inside one transaction: runs the steps from {@code position} on, until the run ends or a step needs its own transaction. */
    private Future<Next> advance(SqlConnection conn, Loaded l, int position, Batch shared) {
        Run run = l.run();
        List<JsonObject> list = l.definition().actions();
        if (position == list.size()) {
            return outcomes.finish(conn, run, Run.SUCCEEDED, null, now()).map(Next.END);
        }
        String previous = l.stepStatus().get(position);
        if ("succeeded".equals(previous) || "skipped".equals(previous)) {
            return advance(conn, l, position + 1, shared);
        }
        if ("started".equals(previous) || "interrupted".equals(previous)) {
            String error = "step " + position + " was interrupted while it ran; it is not repeated, so its effect cannot happen twice";
            return RunStore.finishStep(conn, run.tenantId(), run.id(), position, "interrupted", null, error, now())
                    .compose(v -> outcomes.finish(conn, run, Run.FAILED, error, now())).map(Next.END);
        }
        JsonObject step = StepInputs.describe(list.get(position), run.input());
        return RunStore.startStep(conn, run.tenantId(), run.id(), position, step.getString("type"), step, now()).compose(started -> {
            if (!started) {
                return Future.failedFuture(JobFailure.retryable("step " + position + " is held by another run"));
            }
            return LocalActions.handles(step) ? local(conn, l, position, step, shared)
                    : Future.succeededFuture(new Next(l, position, step, null));
        });
    }

    /** A local step, in the transaction that records it. */
    private Future<Next> local(SqlConnection conn, Loaded l, int position, JsonObject step, Batch shared) {
        Run run = l.run();
        Future<Actions.StepResult> effect;
        try {
            effect = local.perform(conn, l.principal(), run, step, shared);
        } catch (RuntimeException e) {
            effect = Future.failedFuture(e);
        }
        return effect.transform(ar -> {
            if (ar.succeeded()) {
                return RunStore.finishStep(conn, run.tenantId(), run.id(), position, ar.result().status(), ar.result().result(), null,
                        now()).compose(v -> advance(conn, l, position + 1, shared));
            }
            if (InlineRuns.isDatabaseError(ar.cause())) {
                return Future.failedFuture(ar.cause());
            }
            String error = InlineRuns.describe(ar.cause());
            Future<Void> recorded = RunStore.finishStep(conn, run.tenantId(), run.id(), position, "failed", null, error, now());
            return InlineRuns.permanent(ar.cause())
                    ? recorded.compose(v -> outcomes.finish(conn, run, Run.FAILED, failure(position, step, error), now())).map(Next.END)
                    : recorded.map(Next.retry(error));
        });
    }

    /** After a transaction: performs the step it started, then records it in the next one; or ends the job. */
    private Future<Void> after(Next next) {
        if (next.retry() != null) {
            return Future.failedFuture(JobFailure.retryable(next.retry()));
        }
        if (next.position() < 0) {
            return Future.succeededFuture();
        }
        Loaded l = next.loaded();
        Run run = l.run();
        int position = next.position();
        Future<Actions.StepResult> effect;
        try {
            effect = actions.perform(l.principal(), run, position, next.step());
        } catch (RuntimeException e) {
            effect = Future.failedFuture(e);
        }
        return effect.transform(ar -> {
            if (ar.succeeded()) {
                return resume(l, position + 1, conn -> RunStore.finishStep(conn, run.tenantId(), run.id(), position, ar.result().status(),
                        ar.result().result(), null, now()));
            }
            String error = InlineRuns.describe(ar.cause());
            boolean permanent = InlineRuns.permanent(ar.cause());
            return db.inTenant(run.tenantId(), conn -> RunStore.finishStep(conn, run.tenantId(), run.id(), position, "failed", null, error,
                            now())
                    .compose(v -> permanent ? outcomes.finish(conn, run, Run.FAILED, failure(position, next.step(), error), now())
                            : Future.succeededFuture()))
                    .compose(v -> permanent ? Future.succeededFuture() : Future.failedFuture(JobFailure.retryable(error)));
        });
    }

    /** Records the step that just ran ({@code finished}) and goes on from {@code position}, in one transaction. */
    private Future<Void> resume(Loaded l, int position, Function<SqlConnection, Future<Void>> finished) {
        UUID tenantId = l.run().tenantId();
        return db.inTenant(tenantId, conn -> finished.apply(conn).compose(v -> advance(conn, l, position, new Batch())))
                .transform(ar -> ar.succeeded() ? after(ar.result())
                        // the step's effect committed: record that much before the queue retries the rest
                        : db.inTenant(tenantId, finished).transform(recorded -> Future.failedFuture(ar.cause())));
    }

    @Override
    public Future<Void> onDead(SqlConnection conn, Job job, String error) {
        UUID runId = UUID.fromString(job.payload().getString("runId"));
        return RunStore.find(conn, job.tenantId(), runId).compose(run -> run == null ? Future.succeededFuture()
                : outcomes.finish(conn, run, Run.FAILED, "gave up after " + job.attempts() + " attempts: " + error, now()));
    }

    private static String failure(int position, JsonObject step, String error) {
        return "step " + position + " (" + step.getString("type") + "): " + error;
    }

    private OffsetDateTime now() {
        return clock.instant().atOffset(ZoneOffset.UTC);
    }
}
