package dev.switchboard.webhooks.inbound;

import dev.switchboard.audit.Change;
import dev.switchboard.audit.Changes;
import dev.switchboard.jobs.JobQueue;
import dev.switchboard.jobs.NewJob;
import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.db.Ids;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * Stores verified provider events. An event of a known tenant is acknowledged by one durable insert, written
 * together with the other deliveries of the moment ({@link InboxWriter}), which also appends it to the event log
 * where {@link InboxConsumer} processes it; an event whose processing needs only the database (a tenant hook's) is
 * stored processed instead, with what its processing records. A duplicate (same provider, tenant and event id) is
 * stored once and processed once.
 */
public final class Inbox {

    /** Headers kept with an event: the ones that identify and sign it, never cookies or authorization. */
    private static final Set<String> KEPT_HEADERS = Set.of("content-type", "user-agent", "webhook-id", "webhook-timestamp",
            "webhook-signature", "svix-id", "svix-timestamp", "svix-signature", "x-hub-signature-256");

    private final Db db;
    private final JobQueue jobs;
    private final Clock clock;
    private final InboxWriter writer;

    public Inbox(Vertx vertx, Db db, JobQueue jobs, Clock clock) {
        this.db = db;
        this.jobs = jobs;
        this.clock = clock;
        this.writer = new InboxWriter(vertx, db);
    }

    /** Stores an event of a known tenant; completes with false for a duplicate. */
    Future<Boolean> receive(UUID tenantId, String provider, UUID hookId, String eventId, byte[] body, MultiMap headers) {
        return write(tenantId, Ids.next(), provider, hookId, eventId, body, headers, null);
    }

    /**
     * Stores an event of a known tenant together with what its processing records, {@code processing} of the id the
     * stored delivery gets (a change of that delivery, made by the system), so the delivery is processed once it is
     * stored; completes with false for a duplicate, which records nothing.
     */
    Future<Boolean> receiveProcessed(UUID tenantId, String provider, UUID hookId, String eventId, byte[] body, MultiMap headers,
                                     Function<UUID, Change> processing) {
        UUID id = Ids.next();
        Change change = processing.apply(id);
        if (!id.equals(change.entityId())) {
            throw new IllegalArgumentException("a delivery's processing records a change of the delivery itself");
        }
        return write(tenantId, id, provider, hookId, eventId, body, headers, Changes.systemRecord(tenantId, change));
    }

    private Future<Boolean> write(UUID tenantId, UUID id, String provider, UUID hookId, String eventId, byte[] body,
                                  MultiMap headers, Changes.SystemRecord processed) {
        return writer.write(new InboxWriter.Delivery(tenantId, id, provider, hookId, eventId, body, kept(headers), now(), processed));
    }

    /** An event no tenant claims, and why. */
    record Unrouted(String eventId, byte[] body, String reason) {
    }

    /** Stores events no tenant claims, as unroutable, on one connection; duplicates are skipped. */
    Future<Void> receiveUnrouted(String provider, List<Unrouted> events, MultiMap headers) {
        JsonObject kept = kept(headers);
        OffsetDateTime at = now();
        return db.withoutTenant(conn -> {
            List<Future<Boolean>> inserts = new ArrayList<>(events.size());
            for (Unrouted event : events) {
                inserts.add(InboxStore.insertUnrouted(conn, Ids.next(), provider, event.eventId(), event.body(), kept, at, event.reason()));
            }
            return Future.all(inserts).mapEmpty();
        });
    }

    /** Enqueues another processing run of a stored event (a replay). */
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
