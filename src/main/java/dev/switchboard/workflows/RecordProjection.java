package dev.switchboard.workflows;

import dev.switchboard.platform.bus.EventEnvelope;
import dev.switchboard.platform.db.Ids;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * What a consumer transaction's events do to the records projection, gathered per record (its latest view, or its
 * removal) and written by {@link #send} with at most two statements instead of one per event. Holds the changes of
 * one tenant at a time: the one bound on the transaction when they are sent.
 */
final class RecordProjection {

    private final Map<Key, Change> pending = new LinkedHashMap<>();
    private UUID tenantId;

    private record Key(String type, UUID id) {
    }

    /** A record's state after the events so far: its view (null once it is gone) and its latest activity. */
    private record Change(JsonObject view, OffsetDateTime at) {
    }

    /** Takes in what {@code event}, seen at {@code now}, does to the projection; nothing when it names no projected record. */
    void add(EventEnvelope event, Instant now) {
        String type = event.data().getString("entityType");
        UUID id = event.data().getValue("entityId") instanceof String s ? Ids.parse(s) : null;
        if (type == null || id == null || !RecordStore.TYPES.contains(type)) {
            return;
        }
        if (tenantId != null && !pending.isEmpty() && !tenantId.equals(event.tenantId())) {
            throw new IllegalStateException("record changes of two tenants pending in one step");
        }
        tenantId = event.tenantId();
        OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
        Key key = new Key(type, id);
        Change before = pending.get(key);
        pending.put(key, new Change(event.data().getJsonObject("after"), before == null || at.isAfter(before.at()) ? at : before.at()));
    }

    /** Writes the pending changes on {@code conn}, whose bound tenant is theirs, and forgets them. */
    Future<Void> send(SqlConnection conn) {
        if (pending.isEmpty()) {
            return Future.succeededFuture();
        }
        RecordStore.Changes changes = new RecordStore.Changes(tenantId);
        pending.forEach((key, change) -> changes.add(key.type(), key.id(), change.view(), change.at()));
        pending.clear();
        return changes.write(conn);
    }
}
