package dev.switchboard.workflows;

import dev.switchboard.jobs.JobFailure;
import dev.switchboard.jobs.JobQueue;
import dev.switchboard.platform.db.SqlErrors;
import dev.switchboard.platform.error.ApiException;
import dev.switchboard.platform.error.StoreException;
import dev.switchboard.platform.events.Batch;
import dev.switchboard.tenancy.Principal;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.SqlConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Performs a run whose actions are all {@linkplain LocalActions local} at once, on the connection of the
 * transaction that launched it (a sweeper's claim, an event consumer's batch): every step's effect and record, and
 * the run's row with its outcome, commit together with the claim, so the run costs no transaction of its own and
 * cannot happen without its trigger being marked, or the other way round. The run's row is written once, when the
 * run ended; should its dedupe key have a run already, the launch fails, and with it the transaction (effects
 * included), and the caller launches again through the job queue, whose launch does nothing for a known key.
 *
 * <p>A step refused for good (bad input, 4xx) is recorded and fails the run. Any other failure of a step is
 * recorded and the run is handed to the job queue with a delay: its job retries the steps that did not finish,
 * with the queue's backoff, and fails the run when the attempts run out. A database error leaves the transaction
 * unusable, so it fails the launch; the launcher's caller then launches the same runs again through the job queue.
 */
final class InlineRuns {

    /** How long a run whose inline step failed waits for its first retry from the job queue. */
    static final Duration RETRY_DELAY = Duration.ofSeconds(10);

    private final LocalActions actions;
    private final RunOutcomes outcomes;
    private final JobQueue jobs;
    private final SweeperMetrics metrics;
    private final Clock clock;

    InlineRuns(LocalActions actions, RunOutcomes outcomes, JobQueue jobs, SweeperMetrics metrics, Clock clock) {
        this.actions = actions;
        this.outcomes = outcomes;
        this.jobs = jobs;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Runs {@code run} (running, not recorded yet) of {@code w} to its end, or to its hand-over to the job queue. */
    Future<Void> run(SqlConnection conn, Workflow w, Run run, String dedupeKey, Batch shared) {
        if (Triggers.isClock(run.triggerType()) && run.input().getValue("dueAt") instanceof String due) {
            metrics.lag(Duration.between(Instant.parse(due), clock.instant()));
        }
        return author(conn, w, shared).compose(author -> step(conn, new Context(w, run, dedupeKey, shared,
                Principal.automation(run.tenantId(), author, run.correlationId())), 0));
    }

    private record Context(Workflow w, Run run, String dedupeKey, Batch shared, Principal principal) {
    }

    private Future<Void> step(SqlConnection conn, Context c, int position) {
        List<JsonObject> list = c.w().definition().actions();
        if (position == list.size()) {
            return end(conn, c, Run.SUCCEEDED, null);
        }
        JsonObject step = StepInputs.describe(list.get(position), c.run().input());
        OffsetDateTime started = now();
        Future<Actions.StepResult> effect;
        try {
            effect = actions.perform(conn, c.principal(), c.run(), step, c.shared());
        } catch (RuntimeException e) {
            effect = Future.failedFuture(e);
        }
        UUID tenantId = c.run().tenantId();
        return effect.transform(ar -> {
            if (ar.succeeded()) {
                // the record and the rest of the run go out together
                Future<Void> recorded = RunStore.recordStep(conn, tenantId, c.run().id(), position, step.getString("type"), step,
                        ar.result().status(), ar.result().result(), null, started, now());
                Future<Void> rest = step(conn, c, position + 1);
                return recorded.compose(v -> rest);
            }
            if (isDatabaseError(ar.cause())) {
                return Future.failedFuture(ar.cause());
            }
            String error = describe(ar.cause());
            Future<Void> recorded = RunStore.recordStep(conn, tenantId, c.run().id(), position, step.getString("type"), step, "failed",
                    null, error, started, now());
            if (permanent(ar.cause())) {
                return recorded.compose(v -> end(conn, c, Run.FAILED, "step " + position + " (" + step.getString("type") + "): " + error));
            }
            return recorded.compose(v -> insert(conn, c, c.run().ended(Run.QUEUED, null, null)))
                    .compose(v -> jobs.enqueue(conn, tenantId, RunLauncher.job(c.run().id(), c.dedupeKey()).delayedBy(RETRY_DELAY)))
                    .mapEmpty();
        });
    }

    /** Writes the run as it ended, and announces how. */
    private Future<Void> end(SqlConnection conn, Context c, String status, String error) {
        Future<Void> inserted = insert(conn, c, c.run().ended(status, error, now()));
        Future<Void> announced = outcomes.announce(conn, c.run(), c.w().name(), status, error);
        return inserted.compose(v -> announced);
    }

    private static Future<Void> insert(SqlConnection conn, Context c, Run run) {
        return RunStore.insert(conn, run, c.dedupeKey()).compose(inserted -> inserted ? Future.succeededFuture()
                : Future.failedFuture(new IllegalStateException("a run with key " + c.dedupeKey() + " exists already; its effects "
                        + "must not happen again, so this transaction is undone and its runs launched from the job queue")));
    }

    /** Who the run acts on behalf of: the author of the workflow's current version, read once per transaction. */
    private static Future<UUID> author(SqlConnection conn, Workflow w, Batch shared) {
        return shared.once(new VersionKey(w.tenantId(), w.id(), w.version()),
                () -> WorkflowStore.version(conn, w.tenantId(), w.id(), w.version())).map(version -> version == null
                ? w.createdBy() : UUID.fromString(version.getString("createdBy")));
    }

    private record VersionKey(UUID tenantId, UUID workflowId, int version) {
    }

    /** A failure of a statement: the transaction can do nothing more. */
    static boolean isDatabaseError(Throwable err) {
        for (Throwable t = err; t != null; t = t.getCause()) {
            if (t instanceof PgException || t instanceof StoreException) {
                return true;
            }
        }
        return false;
    }

    static boolean permanent(Throwable err) {
        return err instanceof JobFailure f && f.isPermanent() || err instanceof ApiException a && a.status() < 500;
    }

    /** A step's failure as a person reads it, e.g. {@code one or more fields are invalid (title: is required)}. */
    static String describe(Throwable err) {
        String message;
        if (SqlErrors.unavailable(err)) {
            message = "the database was unavailable";
        } else if (err.getMessage() == null || err.getMessage().isBlank()) {
            message = "an unexpected error occurred";
        } else {
            message = err.getMessage();
        }
        if (err instanceof ApiException a && !a.errors().isEmpty()) {
            message += a.errors().stream().map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; ", " (", ")"));
        }
        return message.length() <= 1000 ? message : message.substring(0, 1000);
    }

    private OffsetDateTime now() {
        return clock.instant().atOffset(ZoneOffset.UTC);
    }
}
