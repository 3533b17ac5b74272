package dev.switchboard.notifications;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.switchboard.platform.bus.Actor;
import dev.switchboard.platform.bus.EventEnvelope;
import dev.switchboard.platform.bus.TenantBus;
import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.outbox.Outbox;
import dev.switchboard.testing.Account;
import dev.switchboard.testing.Http.Response;
import dev.switchboard.testing.TestDatabase;
import dev.switchboard.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Domain events as other features will write them (through the real outbox, so the relay delivers
 * them), and waiting for what the notifications consumer makes of them.
 */
final class NotificationFixtures {

    static final String NOTIFICATIONS = "/api/v1/notifications";

    private final TestServer server;
    private final Db db;
    private final Outbox outbox;

    NotificationFixtures(TestServer server) {
        this.server = server;
        this.db = new Db(server.app.pool());
        this.outbox = new Outbox(server.app.vertx());
    }

    /** Writes an event to the outbox in its own committed transaction, as a feature's write would. */
    EventEnvelope append(Account tenant, String actorUserId, String type, UUID entityId, JsonObject before, JsonObject after) {
        UUID tenantId = UUID.fromString(tenant.tenantId());
        JsonObject data = new JsonObject().put("entityType", type.substring(0, type.indexOf('.'))).put("entityId", str(entityId));
        if (before != null) {
            data.put("before", before);
        }
        if (after != null) {
            data.put("after", after);
        }
        Actor actor = actorUserId == null ? Actor.SYSTEM : Actor.user(UUID.fromString(actorUserId));
        EventEnvelope event = EventEnvelope.create(tenantId, actor, "test-" + UUID.randomUUID(), type, data);
        await(db.inTenant(tenantId, conn -> outbox.append(conn, event)));
        return event;
    }

    /** Publishes {@code event} once more on the bus, as a relay of another node does: work consumers read the log, not the bus. */
    void redeliver(EventEnvelope event) {
        await(server.app.bus().publish(TenantBus.DOMAIN_EVENTS, event));
    }

    /** The caller's notifications once {@code until} holds for them (fails after 10 s). */
    JsonArray awaitNotifications(Account caller, Predicate<JsonArray> until) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        JsonArray items;
        do {
            items = list(caller, "");
            if (until.test(items)) {
                return items;
            }
            Thread.sleep(25);
        } while (System.nanoTime() < deadline);
        fail("notifications never matched; last seen: " + items.encodePrettily());
        return items;
    }

    JsonArray awaitCount(Account caller, int n) throws InterruptedException {
        return awaitNotifications(caller, items -> items.size() >= n);
    }

    JsonArray list(Account caller, String query) {
        Response r = server.http.get(NOTIFICATIONS + "?limit=100" + query, caller.accessToken());
        assertEquals(200, r.status(), r::toString);
        return r.items();
    }

    /** Waits until the consumer committed its handling of {@code event} (its processed-event row). */
    void awaitProcessed(EventEnvelope event) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!processed(event)) {
            if (System.nanoTime() > deadline) {
                fail("event " + event.type() + " was never processed");
            }
            Thread.sleep(25);
        }
    }

    /** Whether the notifications consumer's checkpoint in the event's shard has passed the event. */
    boolean processed(EventEnvelope event) throws Exception {
        return count("""
                SELECT count(*) FROM outbox o
                JOIN event_checkpoints c ON c.consumer = 'notifications'
                     AND c.shard = event_shard(o.tenant_id, (SELECT shards FROM event_log_state))
                WHERE o.id = ?::uuid AND o.position IS NOT NULL AND c.position >= o.position""", event.id().toString()) == 1;
    }

    int count(String sql, String... args) throws Exception {
        try (Connection c = TestDatabase.connect(server.db); PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                st.setString(i + 1, args[i]);
            }
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    void execute(String sql, String... args) throws Exception {
        try (Connection c = TestDatabase.connect(server.db); PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                st.setString(i + 1, args[i]);
            }
            st.executeUpdate();
        }
    }

    /** The value of a Prometheus sample line starting with {@code series}, 0 when absent. */
    double metric(String series) {
        String text = server.http.get("/metrics", null).body().toString();
        for (String line : text.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim());
            }
        }
        return 0;
    }

    static List<String> types(JsonArray items) {
        return items.stream().map(i -> ((JsonObject) i).getString("type")).toList();
    }

    static String str(UUID id) {
        return id == null ? null : id.toString();
    }

    private static <T> T await(io.vertx.core.Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
