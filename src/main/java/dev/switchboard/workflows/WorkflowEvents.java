package dev.switchboard.workflows;

import dev.switchboard.platform.bus.DomainEventVerticle;
import dev.switchboard.platform.bus.EventEnvelope;
import dev.switchboard.platform.bus.TenantBus;
import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.db.Ids;
import dev.switchboard.platform.outbox.ProcessedEvents;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's intake: for every committed event it keeps the records projection current and, for an
 * event trigger, launches a run of each enabled workflow whose conditions hold (dedupe: workflow + event).
 * An event caused by a run (its correlation id names the run) continues that run's chain, one level deeper.
 * Idempotent by event id.
 */
public final class WorkflowEvents extends DomainEventVerticle {

    static final String CONSUMER = "workflows";
    private static final Logger log = LoggerFactory.getLogger(WorkflowEvents.class);

    private final Db db;
    private final RunLauncher launcher;
    private final Clock clock;

    WorkflowEvents(Db db, TenantBus bus, RunLauncher launcher, Clock clock) {
        super(bus);
        this.db = db;
        this.launcher = launcher;
        this.clock = clock;
    }

    @Override
    protected void handle(EventEnvelope event) {
        String entityType = event.data().getString("entityType");
        if ((entityType == null || !RecordStore.TYPES.contains(entityType)) && !Triggers.EVENTS.contains(event.type())) {
            return; // neither a record the clock triggers watch nor a trigger: nothing to record or run
        }
        db.inTenant(event.tenantId(), conn -> ProcessedEvents.firstDelivery(conn, event.tenantId(), CONSUMER, event.id())
                        .compose(first -> first ? project(conn, event, clock.instant()).compose(v -> trigger(conn, event)) : Future.succeededFuture()))
                .onFailure(err -> log.warn("workflow intake failed [tenant: {}, event: {}]", event.tenantId(), event.id(), err));
    }

    /** Activity is stamped with the sweeper's clock when the event arrives (moments after it committed), so both agree on time. */
    private static Future<Void> project(SqlConnection conn, EventEnvelope event, Instant now) {
        String type = event.data().getString("entityType");
        UUID id = event.data().getValue("entityId") instanceof String s ? Ids.parse(s) : null;
        if (type == null || id == null || !RecordStore.TYPES.contains(type)) {
            return Future.succeededFuture();
        }
        JsonObject after = event.data().getJsonObject("after");
        return after == null ? RecordStore.delete(conn, event.tenantId(), type, id)
                : RecordStore.upsert(conn, event.tenantId(), type, id, after, now.atOffset(ZoneOffset.UTC));
    }

    private Future<Void> trigger(SqlConnection conn, EventEnvelope event) {
        if (!Triggers.EVENTS.contains(event.type())) {
            return Future.succeededFuture();
        }
        return WorkflowStore.enabledFor(conn, event.tenantId(), event.type()).compose(workflows -> workflows.isEmpty()
                ? Future.succeededFuture()
                : chain(conn, event).compose(chain -> launchAll(conn, event, workflows, chain)));
    }

    private Future<Void> launchAll(SqlConnection conn, EventEnvelope event, List<Workflow> workflows, RunLauncher.Chain chain) {
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
            all = all.compose(v -> launcher.launch(conn, w, start));
        }
        return all.mapEmpty();
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
