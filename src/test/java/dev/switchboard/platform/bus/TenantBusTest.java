package dev.switchboard.platform.bus;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.platform.metrics.MetricNames;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TenantBusTest {

    private static final String ADDRESS = "test.tenant-bus";

    private Vertx vertx;
    private SimpleMeterRegistry registry;
    private TenantBus bus;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        registry = new SimpleMeterRegistry();
        bus = new TenantBus(vertx, registry);
    }

    @AfterEach
    void stop() throws Exception {
        await(vertx.close());
    }

    @Test
    void refusesToPublishAnEnvelopeWithoutTenantAndCountsIt() throws Exception {
        List<EventEnvelope> received = consume(ADDRESS);
        EventEnvelope tenantless = EventEnvelope.create(null, Actor.SYSTEM, "corr-1", "case.created", new JsonObject());

        Throwable failure = failureOf(bus.publish(ADDRESS, tenantless));

        assertInstanceOf(MissingTenantException.class, failure);
        assertEquals(1.0, rejected("outbound"));
        assertEquals(0.0, rejected("inbound"));
        assertInstanceOf(MissingTenantException.class, failureOf(bus.publish(ADDRESS, null)));
        assertEquals(2.0, rejected("outbound"));
        quietPeriod();
        assertTrue(received.isEmpty(), () -> "delivered without tenant: " + received);
    }

    @Test
    void rejectsRawMessagesBeforeTheHandlerSeesThem() throws Exception {
        List<EventEnvelope> received = consume(ADDRESS);
        EventEnvelope tenantless = EventEnvelope.create(null, Actor.SYSTEM, "corr-2", "case.created", new JsonObject());
        List<Object> raw = List.of(
                new JsonObject().put("tenantId", UUID.randomUUID().toString()).put("type", "case.created"),
                "case.created",
                tenantless);

        for (Object body : raw) {
            Throwable failure = failureOf(vertx.eventBus().request(ADDRESS, body));
            ReplyException reply = assertInstanceOf(ReplyException.class, failure, () -> "for " + body);
            assertEquals(400, reply.failureCode(), () -> "for " + body);
        }

        assertEquals(raw.size(), rejected("inbound"));
        assertEquals(0.0, rejected("outbound"));
        assertTrue(received.isEmpty(), () -> "handler saw " + received);
    }

    @Test
    void countsRejectedMessagesThatExpectNoReply() throws Exception {
        List<EventEnvelope> received = consume(ADDRESS);

        vertx.eventBus().send(ADDRESS, new JsonObject().put("type", "case.created"));
        vertx.eventBus().publish(ADDRESS, "case.created");

        long deadline = System.nanoTime() + SECONDS.toNanos(5);
        while (rejected("inbound") < 2 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(2.0, rejected("inbound"));
        assertTrue(received.isEmpty(), () -> "handler saw " + received);
    }

    @Test
    void deliversAnEnvelopeWithItsTenantActorAndCorrelationId() throws Exception {
        CompletableFuture<EventEnvelope> delivered = new CompletableFuture<>();
        await(bus.consumer(ADDRESS, delivered::complete).completion());
        UUID tenant = UUID.randomUUID();
        UUID user = UUID.randomUUID();
        EventEnvelope sent = EventEnvelope.create(tenant, Actor.user(user), "req-42", "case.created",
                new JsonObject().put("caseId", UUID.randomUUID().toString()).put("number", 7));

        await(bus.publish(ADDRESS, sent));
        EventEnvelope got = delivered.get(10, SECONDS);

        assertEquals(sent.id(), got.id());
        assertEquals(tenant, got.tenantId());
        assertEquals(Actor.user(user), got.actor());
        assertEquals("req-42", got.correlationId());
        assertEquals("case.created", got.type());
        assertEquals(sent.data(), got.data());
        assertEquals(0.0, rejected("outbound") + rejected("inbound"));
    }

    @Test
    void envelopeSurvivesTheWireCodecIntact() {
        EventEnvelopeCodec codec = new EventEnvelopeCodec();
        EventEnvelope sent = new EventEnvelope(UUID.randomUUID(), 12, UUID.randomUUID(), Actor.user(UUID.randomUUID()),
                "req-7", "task.assigned", new JsonObject().put("taskId", "t-1"), Instant.now().truncatedTo(ChronoUnit.MILLIS));
        Buffer wire = Buffer.buffer("header");

        codec.encodeToWire(wire, sent);

        assertEquals(sent, codec.decodeFromWire("header".length(), wire));
    }

    private List<EventEnvelope> consume(String address) throws Exception {
        List<EventEnvelope> received = new CopyOnWriteArrayList<>();
        await(bus.consumer(address, received::add).completion());
        return received;
    }

    private double rejected(String direction) {
        return registry.get(MetricNames.EVENTBUS_REJECTED).tag("direction", direction).counter().count();
    }

    /** Long enough for a wrongly delivered local message to have arrived. */
    private static void quietPeriod() throws InterruptedException {
        Thread.sleep(200);
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(10, SECONDS);
    }

    private static Throwable failureOf(Future<?> future) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> await(future));
        return e.getCause();
    }
}
