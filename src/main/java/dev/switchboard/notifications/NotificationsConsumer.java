package dev.switchboard.notifications;

import dev.switchboard.audit.Changes;
import dev.switchboard.jobs.JobQueue;
import dev.switchboard.platform.bus.EventEnvelope;
import dev.switchboard.platform.events.Batch;
import dev.switchboard.platform.events.LogConsumer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.util.Set;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns domain events into notifications as a work consumer of the event log: maps each event with
 * {@link EventRules} and stores the result in the consumer's transaction, so each notification is stored once.
 * Events it cannot use are skipped and counted by reason.
 */
public final class NotificationsConsumer implements LogConsumer {

    static final String NAME = "notifications";
    static final String CREATED = "switchboard.notifications.created";
    static final String SKIPPED = "switchboard.notifications.skipped";

    private static final Logger log = LoggerFactory.getLogger(NotificationsConsumer.class);

    private final NotificationDelivery delivery;
    private final Counter created;
    private final Counter unmappable;

    /** @param emails the queue notification emails are sent from, or null when the server sends no email */
    public NotificationsConsumer(Changes changes, JobQueue emails, MeterRegistry registry) {
        this.delivery = new NotificationDelivery(changes, emails);
        this.created = Counter.builder(CREATED).description("notifications stored or collapsed from domain events").register(registry);
        this.unmappable = Counter.builder(SKIPPED).description("domain events that produced no notifications, by reason")
                .tag("reason", "unmappable").register(registry);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> types() {
        return EventRules.HANDLED;
    }

    /** An event that notifies nobody (a task created unassigned, a note without mentions) opens no transaction. */
    @Override
    public boolean wants(EventEnvelope event) {
        try {
            return !EventRules.drafts(event).isEmpty();
        } catch (EventRules.Unmappable e) {
            return true; // counted and logged where it is applied
        }
    }

    @Override
    public Future<Runnable> apply(SqlConnection conn, EventEnvelope event, Batch batch) {
        List<NotificationDraft> drafts;
        try {
            drafts = EventRules.drafts(event);
        } catch (EventRules.Unmappable e) {
            unmappable.increment();
            log.debug("event skipped [tenant: {}, event: {}, type: {}, reason: {}]", event.tenantId(), event.id(), event.type(),
                    e.getMessage());
            return Future.succeededFuture();
        }
        if (drafts.isEmpty()) {
            return Future.succeededFuture();
        }
        return delivery.deliver(conn, event, drafts).map(stored -> () -> created.increment(stored));
    }
}
