package dev.switchboard.notifications;

import dev.switchboard.audit.Changes;
import dev.switchboard.platform.bus.DomainEventVerticle;
import dev.switchboard.platform.bus.EventEnvelope;
import dev.switchboard.platform.bus.TenantBus;
import dev.switchboard.platform.db.Db;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns domain events into notifications: consumes {@link TenantBus#DOMAIN_EVENTS}, maps each event with
 * {@link EventRules} and stores the result idempotently by event id. Events it cannot use are skipped
 * and counted by reason. Everything is asynchronous; nothing here blocks the event loop.
 */
public final class NotificationsVerticle extends DomainEventVerticle {

    static final String CREATED = "switchboard.notifications.created";
    static final String SKIPPED = "switchboard.notifications.skipped";

    private static final Logger log = LoggerFactory.getLogger(NotificationsVerticle.class);

    private final NotificationDelivery delivery;
    private final Counter created;
    private final Counter irrelevant;
    private final Counter unmappable;
    private final Counter duplicate;
    private final Counter failed;

    public NotificationsVerticle(Db db, TenantBus bus, Changes changes, MeterRegistry registry) {
        super(bus);
        this.delivery = new NotificationDelivery(db, changes);
        this.created = Counter.builder(CREATED).description("notifications stored or collapsed from domain events").register(registry);
        this.irrelevant = skipped(registry, "irrelevant");
        this.unmappable = skipped(registry, "unmappable");
        this.duplicate = skipped(registry, "duplicate");
        this.failed = skipped(registry, "failed");
    }

    private static Counter skipped(MeterRegistry registry, String reason) {
        return Counter.builder(SKIPPED).description("domain events that produced no notifications, by reason")
                .tag("reason", reason).register(registry);
    }

    @Override
    protected void handle(EventEnvelope event) {
        if (!EventRules.handles(event.type())) {
            irrelevant.increment();
            return;
        }
        List<NotificationDraft> drafts;
        try {
            drafts = EventRules.drafts(event);
        } catch (EventRules.Unmappable e) {
            unmappable.increment();
            log.debug("event skipped [tenant: {}, event: {}, type: {}, reason: {}]", event.tenantId(), event.id(), event.type(),
                    e.getMessage());
            return;
        }
        if (drafts.isEmpty()) {
            return;
        }
        delivery.deliver(event, drafts).onComplete(ar -> {
            if (ar.failed()) {
                failed.increment();
                log.warn("notifications for event failed [tenant: {}, event: {}, type: {}]", event.tenantId(), event.id(),
                        event.type(), ar.cause());
            } else if (ar.result() < 0) {
                duplicate.increment();
            } else {
                created.increment(ar.result());
            }
        });
    }
}
