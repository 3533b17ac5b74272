package dev.switchboard.workflows;

import dev.switchboard.platform.bus.EventEnvelope;
import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.db.Ids;
import dev.switchboard.platform.events.Batch;
import dev.switchboard.platform.events.KnownTenants;
import dev.switchboard.platform.events.LogConsumer;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The engine's intake, a work consumer of the event log: for every committed event it keeps the records
 * projection current and, for an event trigger, launches a run of each enabled workflow whose conditions hold
 * (dedupe: workflow + event), all in the consumer's transaction; a run of local actions runs in it too. An event
 * caused by a run (its correlation id names the run) continues that run's chain, one level deeper.
 *
 * <p>A trigger event of a tenant without workflows opens no transaction: the intake knows which tenants have
 * workflows (loaded whenever this node starts working a shard, then kept current by the workflow events it reads in
 * log order, before any later event of the tenant).
 *
 * <p>A failed step is the run's failure, recorded on the run, never the consumer's. Only a database error of an
 * inline run fails the event (the transaction cannot go on); the consumer retries it, and this time the event's
 * runs are queued as jobs, so a run can never get its event parked.
 */
public final class WorkflowEvents implements LogConsumer {

    static final String NAME = "workflows";
    private static final String WORKFLOW_EVENTS = "workflow.";
    private static final String TENANTS = "SELECT * FROM workflow_tenants()";
    /** How many events whose inline runs broke the transaction are remembered, to queue their runs on the retry. */
    private static final int REMEMBERED_FAILURES = 1_000;

    private final KnownTenants withWorkflows;
    private final RunLauncher launcher;
    private final Clock clock;
    private final Set<UUID> queueOnRetry = Collections.synchronizedSet(Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<UUID, Boolean> eldest) {
            return size() > REMEMBERED_FAILURES;
        }
    }));

    WorkflowEvents(Db db, RunLauncher launcher, Clock clock) {
        this.withWorkflows = new KnownTenants(db, TENANTS, WORKFLOW_EVENTS);
        this.launcher = launcher;
        this.clock = clock;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> types() {
        return null;
    }

    /** Loads the tenants that have workflows now; the ones after come as workflow events in log order. */
    @Override
    public Future<Void> open(int shard) {
        return withWorkflows.load();
    }

    /**
     * Records the clock triggers watch, and trigger events of tenants with workflows; nothing else. Called in log
     * order: a workflow event makes its tenant's later trigger events count from then on.
     */
    @Override
    public boolean wants(EventEnvelope event) {
        withWorkflows.see(event);
        String entityType = event.data().getString("entityType");
        return entityType != null && RecordStore.TYPES.contains(entityType) || mayLaunch(event);
    }

    /**
     * Takes the event into the transaction's records projection and launches its runs. The projection is written
     * once per step ({@link #flush}), or at once before a launch, so that a run sees every record its event changed.
     * Activity is stamped with the sweeper's clock when the event arrives (moments after it committed), so both agree
     * on time.
     */
    @Override
    public Future<Runnable> apply(SqlConnection conn, EventEnvelope event, Batch batch) {
        boolean inline = !queueOnRetry.contains(event.id());
        RunLauncher.Scope scope = new RunLauncher.Scope(conn, batch, inline);
        RecordProjection projection = projection(batch);
        projection.add(event, clock.instant());
        Future<Void> projected = mayLaunch(event) ? projection.send(conn) : Future.succeededFuture();
        return Future.all(projected, trigger(scope, event)).<Runnable>map(v -> null).onFailure(err -> {
            if (inline) {
                queueOnRetry.add(event.id());
            }
        });
    }

    @Override
    public Future<Void> flush(SqlConnection conn, Batch batch) {
        return projection(batch).send(conn);
    }

    /** Whether {@code event} is a trigger of a tenant that may have workflows it starts. */
    private boolean mayLaunch(EventEnvelope event) {
        return Triggers.EVENTS.contains(event.type()) && withWorkflows.mayHave(event.tenantId());
    }

    /** The records projection changes of {@code batch}'s transaction not yet written. */
    private static RecordProjection projection(Batch batch) {
        return batch.state(RecordProjection.class, RecordProjection::new);
    }

    private Future<Void> trigger(RunLauncher.Scope scope, EventEnvelope event) {
        if (!mayLaunch(event)) {
            return Future.succeededFuture();
        }
        SqlConnection conn = scope.conn();
        Future<List<Workflow>> enabled = scope.shared().once(new EnabledKey(event.tenantId(), event.type()),
                () -> WorkflowStore.enabledFor(conn, event.tenantId(), event.type()));
        // The batch's events are sent together, but their launches take turns in log order: a launch counts the runs
        // its origin caused so far, which the launches before it may have added to.
        Turns turns = scope.shared().state(Turns.class, Turns::new);
        Future<Void> mine = turns.last.transform(previous -> enabled.compose(workflows -> workflows.isEmpty()
                ? Future.succeededFuture()
                : chain(conn, event).compose(chain -> launchAll(scope, event, workflows, chain))));
        turns.last = mine;
        return mine;
    }

    /** The last launch of a transaction's events; each event's launch waits for it. */
    private static final class Turns {
        private Future<Void> last = Future.succeededFuture();
    }

    /** One after the other: the total of runs an origin may cause is counted as they are recorded. */
    private Future<Void> launchAll(RunLauncher.Scope scope, EventEnvelope event, List<Workflow> workflows, RunLauncher.Chain chain) {
        JsonObject input = RunInput.fromEvent(event);
        String entityType = event.data().getString("entityType");
        UUID entityId = event.data().getValue("entityId") instanceof String s ? Ids.parse(s) : null;
        Future<?> all = Future.succeededFuture();
        for (Workflow w : workflows) {
            if (!Conditions.all(Conditions.evaluate(w.definition().conditions(), input))) {
                continue;
            }
            RunLauncher.Start start = new RunLauncher.Start(event.type(), event.id(), entityType, entityId, input, chain,
                    "event:" + event.id());
            all = all.compose(v -> launcher.launch(scope, w, start));
        }
        return all.mapEmpty();
    }

    /** The enabled workflows of one tenant and trigger, read once per transaction. */
    private record EnabledKey(UUID tenantId, String trigger) {
    }

    /** The chain an event belongs to: a new one, unless a run caused it. */
    private static Future<RunLauncher.Chain> chain(SqlConnection conn, EventEnvelope event) {
        UUID runId = Run.runIdOf(event.correlationId());
        if (runId == null) {
            return Future.succeededFuture(new RunLauncher.Chain(0, event.id()));
        }
        return RunStore.find(conn, event.tenantId(), runId).map(run -> run == null
                ? new RunLauncher.Chain(0, event.id())
                : new RunLauncher.Chain(run.depth() + 1, run.originEventId() == null ? event.id() : run.originEventId()));
    }
}
