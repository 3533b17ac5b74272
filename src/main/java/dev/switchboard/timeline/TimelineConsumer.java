package dev.switchboard.timeline;

import dev.switchboard.platform.bus.EventEnvelope;
import dev.switchboard.platform.events.Batch;
import dev.switchboard.platform.events.LogConsumer;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.Set;
import java.util.UUID;

/**
 * Keeps the timeline projection as a work consumer of the event log: each event's entries commit with the
 * consumer's checkpoint. Live projection holds the tenant's projection lock shared, so a rebuild of the same
 * tenant ({@link TimelineRebuilder}) waits for it and it for the rebuild. Once entries committed, the records they
 * went to are announced on every node ({@link TimelineAppended}), where {@link TimelineInvalidator} drops their
 * cached first pages.
 */
final class TimelineConsumer implements LogConsumer {

    static final String NAME = "timeline";

    private final TimelineAppended appended;

    TimelineConsumer(TimelineAppended appended) {
        this.appended = appended;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> types() {
        return TimelineRules.HANDLED;
    }

    /** Skips what projects nothing (a task on no record): such an event opens no transaction. */
    @Override
    public boolean wants(EventEnvelope event) {
        return TimelineRules.mayProject(event);
    }

    @Override
    public Future<Runnable> apply(SqlConnection conn, EventEnvelope event, Batch batch) {
        UUID tenant = event.tenantId();
        return batch.once(TimelineProjector.LOCK_SHARED + tenant, () -> conn.preparedQuery(TimelineProjector.LOCK_SHARED)
                        .execute(Tuple.of(tenant.toString())).mapEmpty())
                .compose(locked -> TimelineProjector.project(conn, event))
                .map(touched -> touched.isEmpty() ? null : () -> appended.publish(event, touched));
    }
}
