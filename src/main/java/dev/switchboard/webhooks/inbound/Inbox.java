package dev.switchboard.webhooks.inbound;

import dev.switchboard.jobs.JobQueue;
import dev.switchboard.jobs.NewJob;
import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.db.Ids;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * Stores verified provider events and enqueues their processing in the same transaction; a duplicate
 * (same provider, tenant and event id) is stored once and enqueued once.
 */
public final class Inbox {

    /** Headers kept with an event: the ones that identify and sign it, never cookies or authorization. */
    private static final Set<String> KEPT_HEADERS = Set.of("content-type", "user-agent", "webhook-id", "webhook-timestamp",
            "webhook-signature", "svix-id", "svix-timestamp", "svix-signature", "x-hub-signature-256");

    private final Db db;
    private final JobQueue jobs;
    private final Clock clock;

    public Inbox(Db db, JobQueue jobs, Clock clock) {
        this.db = db;
        this.jobs = jobs;
        this.clock = clock;
    }

    /** Stores an event of a known tenant; completes with false for a duplicate. */
    Future<Boolean> receive(UUID tenantId, String provider, UUID hookId, String eventId, byte[] body, MultiMap headers) {
        UUID id = Ids.next();
        return db.inTenant(tenantId, conn -> InboxStore.insert(conn, tenantId, id, provider, hookId, eventId, body, kept(headers), now())
                .compose(inserted -> inserted ? enqueue(conn, tenantId, id, null).map(true) : Future.succeededFuture(false)));
    }

    /** Stores an event no tenant claims, as unroutable; completes with false for a duplicate. */
    Future<Boolean> receiveUnrouted(String provider, String eventId, byte[] body, MultiMap headers, String reason) {
        return db.withoutTenant(conn -> InboxStore.insertUnrouted(conn, Ids.next(), provider, eventId, body, kept(headers), now(), reason));
    }

    /** Enqueues (another) processing run of a stored event. */
    Future<UUID> enqueue(SqlConnection conn, UUID tenantId, UUID inboxId, String dedupeKey) {
        NewJob job = NewJob.of(ProcessInboxHandler.KIND, new JsonObject().put("inboxId", inboxId.toString()));
        return jobs.enqueue(conn, tenantId, dedupeKey == null ? job : job.dedupedBy(dedupeKey));
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    private static JsonObject kept(MultiMap headers) {
        JsonObject kept = new JsonObject();
        headers.forEach(h -> {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            if (KEPT_HEADERS.contains(name)) {
                kept.put(name, h.getValue());
            }
        });
        return kept;
    }
}
