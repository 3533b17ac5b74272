package dev.switchboard.platform.outbox;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.platform.bus.Actor;
import dev.switchboard.platform.bus.EventEnvelope;
import dev.switchboard.platform.bus.TenantBus;
import dev.switchboard.platform.config.DatabaseUrl;
import dev.switchboard.platform.config.DbConfig;
import dev.switchboard.platform.config.OutboxConfig;
import dev.switchboard.platform.db.DatabaseBootstrap;
import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.db.Ids;
import dev.switchboard.platform.db.PoolFactory;
import dev.switchboard.platform.events.EventTail;
import dev.switchboard.testing.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The transactional outbox end to end: events written with a change get a log position in commit order and
 * reach {@link TenantBus#DOMAIN_EVENTS} once it commits, never when it rolls back, and survive a relay restart. Every test uses fresh tenant
 * ids and looks only at its own tenants' events.
 */
class OutboxRelayTest {

    private static final Duration POLL = Duration.ofMillis(50);
    /** Several poll intervals: long enough for a relay to have published anything it was going to. */
    private static final long QUIET_MILLIS = 500;

    private static DatabaseUrl database;
    private static Vertx vertx;
    private static Pool pool;
    private static Db db;
    private static TenantBus bus;
    private static Outbox outbox;
    private static dev.switchboard.platform.worker.WorkerMetrics relayMetrics;
    private static SimpleMeterRegistry registry;
    private static final List<EventEnvelope> delivered = new CopyOnWriteArrayList<>();

    private String relayId;

    @BeforeAll
    static void setUp() throws Exception {
        database = TestDatabase.newDatabase();
        DatabaseBootstrap.PoolTarget target = DatabaseBootstrap.prepare(database, new DbConfig(null, null, 4, 1, null, null), false);
        vertx = Vertx.vertx();
        registry = new SimpleMeterRegistry();
        pool = PoolFactory.create(vertx, target, 4);
        db = new Db(pool);
        bus = new TenantBus(vertx, registry);
        outbox = new Outbox(vertx);
        relayMetrics = OutboxRelay.metrics(registry);
        await(bus.consumer(TenantBus.DOMAIN_EVENTS, delivered::add).completion());
    }

    @AfterAll
    static void tearDown() throws Exception {
        await(pool.close());
        await(vertx.close());
    }

    @BeforeEach
    void startRelay() throws Exception {
        relayId = await(vertx.deployVerticle(new OutboxRelay(db, bus, OutboxConfig.of(POLL, 100), relayMetrics, new EventTail(100))));
    }

    @AfterEach
    void stopRelay() throws Exception {
        if (relayId != null) {
            await(vertx.undeploy(relayId));
            relayId = null;
        }
    }

    @Test
    void eventOfARolledBackTransactionIsNeverPublished() throws Exception {
        UUID tenant = UUID.randomUUID();
        EventEnvelope event = event(tenant, "case.created");
        AtomicBoolean appended = new AtomicBoolean();
        IllegalStateException cause = new IllegalStateException("the change itself failed");

        Throwable failure = failureOf(db.inTenant(tenant, conn -> outbox.append(conn, event)
                .compose(v -> {
                    appended.set(true);
                    return Future.failedFuture(cause);
                })));

        assertSame(cause, failure);
        assertTrue(appended.get(), "the event was written before the transaction failed");
        Thread.sleep(QUIET_MILLIS);
        assertTrue(deliveredTo(tenant).isEmpty(), () -> "published: " + deliveredTo(tenant));
        assertEquals(0, outboxRows(event.id()));
    }

    @Test
    void committedEventIsPublishedOnceAndNotAgainAfterARelayRestart() throws Exception {
        UUID tenant = UUID.randomUUID();
        UUID user = UUID.randomUUID();
        EventEnvelope event = new EventEnvelope(Ids.next(), 0, tenant, Actor.user(user), "req-" + UUID.randomUUID(),
                "case.created", new JsonObject().put("title", "Broken boiler").put("number", 1),
                Instant.now().truncatedTo(ChronoUnit.MILLIS));

        await(db.inTenant(tenant, conn -> outbox.append(conn, event)));
        EventEnvelope got = awaitDeliveries(tenant, 1).get(0);

        assertEquals(event.id(), got.id());
        assertEquals(tenant, got.tenantId());
        assertEquals("case.created", got.type());
        assertEquals(event.data(), got.data());
        assertEquals(Actor.user(user), got.actor());
        assertEquals(event.correlationId(), got.correlationId());
        assertEquals(event.occurredAt(), got.occurredAt());
        assertTrue(got.seq() > 0, () -> "seq " + got.seq());

        Thread.sleep(QUIET_MILLIS);
        assertNotNull(publishedAt(event.id()), "published_at is stamped");
        stopRelay();
        startRelay();
        Thread.sleep(QUIET_MILLIS);
        assertEquals(1, deliveredTo(tenant).size(), () -> "delivered: " + deliveredTo(tenant));
    }

    @Test
    void aWriteWhoseCommitLeavesWithItsStatementsWakesTheRelayOnceItCommitted() throws Exception {
        stopRelay();
        // Polling once an hour: only the wake-up after the commit can publish the event within the test.
        relayId = await(vertx.deployVerticle(new OutboxRelay(db, bus, OutboxConfig.of(Duration.ofHours(1), 100), relayMetrics,
                new EventTail(100))));
        Thread.sleep(QUIET_MILLIS); // the relay's first batch, at start, is over
        UUID tenant = UUID.randomUUID();
        EventEnvelope event = event(tenant, "task.created");

        String answer = await(db.inTenantCommitting(tenant, conn -> Future.succeededFuture(
                outbox.append(conn, event).map("written"))));

        assertEquals("written", answer);
        assertEquals(event.id(), awaitDeliveries(tenant, 1).get(0).id());
        assertEquals(1, outboxRows(event.id()));
    }

    @Test
    void aFailingStatementSentWithTheCommitRollsTheWholeWriteBack() throws Exception {
        UUID tenant = UUID.randomUUID();
        EventEnvelope event = event(tenant, "task.created");

        Throwable failure = failureOf(db.inTenantCommitting(tenant, conn -> {
            Future<Void> appended = outbox.append(conn, event);
            Future<?> failing = conn.query("SELECT 1 / 0").execute();
            return Future.succeededFuture(appended.compose(v -> failing));
        }));

        assertInstanceOf(PgException.class, failure);
        assertEquals("22012", ((PgException) failure).getSqlState(), "the failing statement's own error, not the commit's");
        Thread.sleep(QUIET_MILLIS);
        assertEquals(0, outboxRows(event.id()));
        assertTrue(deliveredTo(tenant).isEmpty(), () -> "published: " + deliveredTo(tenant));
        assertEquals("after", await(db.inTenantCommitting(tenant, conn -> Future.succeededFuture(Future.succeededFuture("after")))),
                "the connection went back to the pool outside any transaction");
    }

    @Test
    void aWriteThatFailsBeforeItsLastStatementsRollsBack() throws Exception {
        UUID tenant = UUID.randomUUID();
        EventEnvelope event = event(tenant, "task.created");
        IllegalStateException cause = new IllegalStateException("a link the caller cannot read");

        Throwable failure = failureOf(db.inTenantCommitting(tenant, conn -> outbox.append(conn, event)
                .compose(v -> Future.<Future<Void>>failedFuture(cause))));

        assertSame(cause, failure);
        Thread.sleep(QUIET_MILLIS);
        assertEquals(0, outboxRows(event.id()), "the statement sent before the failure was rolled back");
        assertTrue(deliveredTo(tenant).isEmpty(), () -> "published: " + deliveredTo(tenant));
    }

    @Test
    void eventsOfOneTenantArriveInCommitOrder() throws Exception {
        UUID tenant = UUID.randomUUID();
        UUID otherTenant = UUID.randomUUID();
        List<UUID> committed = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            EventEnvelope event = event(tenant, "task.updated");
            await(db.inTenant(tenant, conn -> outbox.append(conn, event)));
            await(db.inTenant(otherTenant, conn -> outbox.append(conn, event(otherTenant, "task.updated"))));
            committed.add(event.id());
        }

        List<EventEnvelope> got = awaitDeliveries(tenant, committed.size());

        assertEquals(committed, got.stream().map(EventEnvelope::id).toList());
        for (int i = 1; i < got.size(); i++) {
            assertTrue(got.get(i).seq() > got.get(i - 1).seq(), () -> "seq not increasing: " + got);
        }
    }

    @Test
    void eventWrittenWhileNoRelayRunsIsPublishedWhenOneStarts() throws Exception {
        stopRelay();
        UUID tenant = UUID.randomUUID();
        EventEnvelope event = event(tenant, "contact.created");

        await(db.inTenant(tenant, conn -> outbox.append(conn, event)));
        Thread.sleep(QUIET_MILLIS);
        assertTrue(deliveredTo(tenant).isEmpty());
        assertEquals(1, outboxRows(event.id()));
        assertNull(publishedAt(event.id()));

        startRelay();
        assertEquals(event.id(), awaitDeliveries(tenant, 1).get(0).id());
        Thread.sleep(QUIET_MILLIS);
        assertEquals(1, deliveredTo(tenant).size(), () -> "delivered: " + deliveredTo(tenant));
        assertNotNull(publishedAt(event.id()));
    }

    @Test
    void positionsFollowCommitOrderNotWriteOrder() throws Exception {
        UUID tenant = UUID.randomUUID();
        EventEnvelope early = event(tenant, "task.created");
        EventEnvelope late = event(tenant, "task.updated");
        io.vertx.core.Promise<Void> release = io.vertx.core.Promise.promise();

        // "early" is written first but its transaction stays open until "late" has committed and been positioned.
        Future<Void> earlyCommitted = db.inTenant(tenant, conn -> outbox.append(conn, early).compose(v -> release.future()));
        Thread.sleep(QUIET_MILLIS);
        await(db.inTenant(tenant, conn -> outbox.append(conn, late)));
        EventEnvelope first = awaitDeliveries(tenant, 1).get(0);
        assertEquals(late.id(), first.id(), "the event that committed first is positioned first");

        release.complete();
        await(earlyCommitted);
        List<EventEnvelope> got = awaitDeliveries(tenant, 2);
        assertEquals(early.id(), got.get(1).id());
        assertTrue(got.get(1).seq() > got.get(0).seq(), () -> "a late commit gets a higher position: " + got);
        assertTrue(seqOf(early.id()) < seqOf(late.id()), "while its insertion order is the other way round");
    }

    @Test
    void eventCannotBeWrittenUnderAnotherTenant() throws Exception {
        UUID tenantA = UUID.randomUUID();
        UUID tenantB = UUID.randomUUID();
        EventEnvelope forA = event(tenantA, "case.created");

        Throwable failure = failureOf(db.inTenant(tenantB, conn -> outbox.append(conn, forA)));
        PgException rls = assertInstanceOf(PgException.class, failure);
        assertEquals("42501", rls.getSqlState(), rls::getMessage);

        Throwable unbound = failureOf(db.withoutTenant(conn -> outbox.append(conn, forA)));
        assertEquals("42501", assertInstanceOf(PgException.class, unbound).getSqlState());

        Thread.sleep(QUIET_MILLIS);
        assertEquals(0, outboxRows(forA.id()));
        assertTrue(deliveredTo(tenantA).isEmpty());
    }

    private static EventEnvelope event(UUID tenant, String type) {
        return EventEnvelope.create(tenant, Actor.SYSTEM, "corr-" + UUID.randomUUID(), type,
                new JsonObject().put("ref", UUID.randomUUID().toString()));
    }

    private static List<EventEnvelope> deliveredTo(UUID tenant) {
        return delivered.stream().filter(e -> tenant.equals(e.tenantId())).toList();
    }

    private static List<EventEnvelope> awaitDeliveries(UUID tenant, int count) throws InterruptedException {
        long deadline = System.nanoTime() + SECONDS.toNanos(10);
        while (deliveredTo(tenant).size() < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        List<EventEnvelope> got = deliveredTo(tenant);
        assertEquals(count, got.size(), () -> "delivered: " + got);
        return got;
    }

    private static int outboxRows(UUID eventId) throws Exception {
        try (Connection c = TestDatabase.connect(database);
             PreparedStatement st = c.prepareStatement("SELECT count(*) FROM outbox WHERE id = ?")) {
            st.setObject(1, eventId);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static Timestamp publishedAt(UUID eventId) throws Exception {
        try (Connection c = TestDatabase.connect(database);
             PreparedStatement st = c.prepareStatement("SELECT published_at FROM outbox WHERE id = ?")) {
            st.setObject(1, eventId);
            try (ResultSet rs = st.executeQuery()) {
                assertTrue(rs.next(), "outbox row " + eventId);
                return rs.getTimestamp(1);
            }
        }
    }

    private static long seqOf(UUID eventId) throws Exception {
        try (Connection c = TestDatabase.connect(database);
             PreparedStatement st = c.prepareStatement("SELECT seq FROM outbox WHERE id = ?")) {
            st.setObject(1, eventId);
            try (ResultSet rs = st.executeQuery()) {
                assertTrue(rs.next(), "outbox row " + eventId);
                return rs.getLong(1);
            }
        }
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(10, SECONDS);
    }

    private static Throwable failureOf(Future<?> future) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> await(future));
        return e.getCause();
    }
}
