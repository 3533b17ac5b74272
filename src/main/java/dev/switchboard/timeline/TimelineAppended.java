package dev.switchboard.timeline;

import dev.switchboard.platform.bus.EventEnvelope;
import dev.switchboard.platform.bus.TenantBus;
import dev.switchboard.platform.cluster.ClusterLink;
import dev.switchboard.timeline.Projection.Target;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Collection;

/**
 * Announces committed timeline entries on {@link TenantBus#TIMELINE_APPENDED} of every node: on this one at
 * once and, in a cluster, on the others through the {@code timeline} topic. Sent after the projection's
 * transaction committed, so a node that drops its cached first page on receipt never caches a page
 * without the entry again.
 */
final class TimelineAppended {

    static final String TOPIC = "timeline";
    static final String TYPE = "timeline.appended";

    private final TenantBus bus;
    private final ClusterLink.Topic topic;
    private final boolean clustered;

    TimelineAppended(TenantBus bus, ClusterLink link) {
        this.bus = bus;
        this.topic = link.topic(TOPIC, this::fromOtherNode);
        this.clustered = link.clustered();
    }

    /** Announces the entry {@code source} added to {@code records}. */
    void publish(EventEnvelope source, Collection<Target> records) {
        JsonArray list = new JsonArray();
        records.forEach(r -> list.add(new JsonObject().put("entityType", r.type()).put("entityId", r.id().toString())));
        EventEnvelope appended = new EventEnvelope(source.id(), source.seq(), source.tenantId(), source.actor(),
                source.correlationId(), TYPE, new JsonObject().put("records", list), source.occurredAt());
        bus.publish(TenantBus.TIMELINE_APPENDED, appended);
        if (clustered) {
            topic.publish(appended.tenantId(), appended.toJson());
        }
    }

    private void fromOtherNode(ClusterLink.Message message) {
        EventEnvelope appended;
        try {
            appended = EventEnvelope.fromJson(message.body());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a timeline announcement", e);
        }
        if (!TYPE.equals(appended.type()) || !message.tenantId().equals(appended.tenantId())) {
            throw new IllegalArgumentException("not a timeline announcement of the record's tenant");
        }
        bus.publish(TenantBus.TIMELINE_APPENDED, appended);
    }
}
