package dev.switchboard.timeline;

import dev.switchboard.platform.bus.EventEnvelope;
import dev.switchboard.platform.bus.TenantBus;
import dev.switchboard.platform.cluster.ClusterLink;
import dev.switchboard.platform.cluster.NodeBroadcast;
import dev.switchboard.timeline.Projection.Target;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * Announces committed timeline entries on {@link TenantBus#TIMELINE_APPENDED} of every node (topic
 * {@code timeline}). Sent after the projection's transaction committed, so a node that drops its cached
 * first page on receipt never caches a page without the entry again.
 */
final class TimelineAppended {

    static final String TOPIC = "timeline";
    static final String TYPE = "timeline.appended";

    private final NodeBroadcast broadcast;

    TimelineAppended(TenantBus bus, ClusterLink link) {
        this.broadcast = new NodeBroadcast(bus, link, TOPIC, TenantBus.TIMELINE_APPENDED);
    }

    /** Announces the entry {@code source} added to {@code records}. */
    void publish(EventEnvelope source, Collection<Target> records) {
        JsonArray list = new JsonArray();
        records.forEach(r -> list.add(new JsonObject().put("entityType", r.type()).put("entityId", r.id().toString())));
        broadcast.publish(new EventEnvelope(source.id(), source.seq(), source.tenantId(), source.actor(),
                source.correlationId(), TYPE, new JsonObject().put("records", list), source.occurredAt()));
    }

    /** The records of an announcement. */
    static List<Target> records(EventEnvelope appended) {
        JsonArray list = appended.data().getJsonArray("records", new JsonArray());
        List<Target> records = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            JsonObject r = list.getJsonObject(i);
            records.add(new Target(r.getString("entityType"), UUID.fromString(r.getString("entityId"))));
        }
        return records;
    }
}
