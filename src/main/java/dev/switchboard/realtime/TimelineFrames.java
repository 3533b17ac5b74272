package dev.switchboard.realtime;

import dev.switchboard.platform.bus.EventEnvelope;
import dev.switchboard.platform.bus.TenantBus;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.UUID;

/**
 * Tells the subscribers of a case's or conversation's channel that its timeline gained an entry, so open
 * clients refetch the first page. The frame names the record and the entry id, never the entry's content:
 * what the entry says is read through the timeline API, which filters it per reader.
 */
final class TimelineFrames {

    private final ConnectionRegistry registry;

    TimelineFrames(ConnectionRegistry registry) {
        this.registry = registry;
    }

    /** Consumes this node's timeline announcements; unregister the returned consumer to stop. */
    MessageConsumer<Object> listen(TenantBus bus) {
        return bus.consumer(TenantBus.TIMELINE_APPENDED, this::accept);
    }

    void accept(EventEnvelope appended) {
        JsonArray records = appended.data().getJsonArray("records", new JsonArray());
        for (int i = 0; i < records.size(); i++) {
            JsonObject r = records.getJsonObject(i);
            Channel channel = Channel.ofRecord(r.getString("entityType"), UUID.fromString(r.getString("entityId")));
            if (channel == null) {
                continue;
            }
            String name = channel.name();
            JsonObject frame = new JsonObject().put("type", "timeline.appended").put("channel", name)
                    .put("entityType", r.getString("entityType")).put("entityId", r.getString("entityId"))
                    .put("entryId", appended.id().toString())
                    .put("at", appended.occurredAt() == null ? null : appended.occurredAt().toString());
            Broadcast.send(registry.subscriberView(appended.tenantId(), name), frame);
        }
    }
}
