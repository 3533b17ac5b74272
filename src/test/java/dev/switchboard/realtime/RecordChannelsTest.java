package dev.switchboard.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.auth.AccessTokens;
import dev.switchboard.auth.Authenticator;
import dev.switchboard.auth.SessionStatus;
import dev.switchboard.auth.SigningKeys;
import dev.switchboard.platform.cluster.LocalLink;
import dev.switchboard.platform.config.AppConfig;
import dev.switchboard.platform.config.ConfigLoader;
import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.http.ApiRoutes;
import dev.switchboard.tenancy.AccessCache;
import dev.switchboard.tenancy.Principal;
import dev.switchboard.tenancy.RecordAccess;
import dev.switchboard.tenancy.Records;
import dev.switchboard.testing.Account;
import dev.switchboard.testing.TestServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Record channels ({@code case:}, {@code conversation:}) and typing, on a gateway whose {@link Records}
 * knows test record types (the real case and conversation features are built elsewhere). The gateway
 * runs on the test server's Vert.x, database and event bus, on a port of its own.
 */
class RecordChannelsTest {

    private static final Map<String, Set<UUID>> READABLE = new ConcurrentHashMap<>();

    private static TestServer server;
    private static Vertx clients;
    private static HttpServer http;
    private static RealtimeGateway gateway;
    private static int port;

    /** Test records: user X may read record R when READABLE has X → R. */
    private static final class TestRecords implements RecordAccess {
        @Override
        public Set<String> types() {
            return Set.of("case", "conversation");
        }

        @Override
        public Future<Boolean> canRead(Principal p, String type, UUID id) {
            return Future.succeededFuture(READABLE.getOrDefault(p.userId().toString(), Set.of()).contains(id));
        }
    }

    @BeforeAll
    static void start() {
        server = TestServer.start();
        clients = Vertx.vertx();
        AppConfig config = ConfigLoader.load(Map.of(), Map.of(
                "SWITCHBOARD_REALTIME_TYPING_EXPIRY", "1s",
                "SWITCHBOARD_REALTIME_TYPING_THROTTLE", "5s",
                "SWITCHBOARD_REALTIME_ACCESS_CACHE_TTL", "100ms"));
        Vertx vertx = server.app.vertx();
        Db db = new Db(server.app.pool());
        AccessTokens tokens = new AccessTokens(vertx, WsClient.await(SigningKeys.load(vertx, db, config.auth())), config.auth());
        AccessCache access = new AccessCache(db, Duration.ofSeconds(1));
        Authenticator authenticator = new Authenticator(tokens, access, new SessionStatus(db, Duration.ofSeconds(1)), false);
        Records records = new Records().register(new TestRecords());
        gateway = new RealtimeGateway(vertx, db, authenticator, records, new ApiRoutes(authenticator, ctx -> ctx.next()),
                config.realtime(), false, new SimpleMeterRegistry(), new LocalLink("test"), config.kafka());
        WsClient.await(gateway.start(server.app.bus()));
        Router router = Router.router(vertx);
        gateway.endpoints().forEach(e -> e.addRoutes(router));
        http = WsClient.await(vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
        port = http.actualPort();
    }

    @AfterAll
    static void stop() {
        WsClient.await(gateway.close());
        WsClient.await(http.close());
        WsClient.await(clients.close());
        server.close();
    }

    private static WsClient welcomed(Account account) {
        return WsClient.welcomed(clients, port, account.accessToken());
    }

    private static void allow(Account account, UUID record) {
        READABLE.computeIfAbsent(account.userId(), k -> ConcurrentHashMap.newKeySet()).add(record);
    }

    @Test
    void subscribesToARecordChannelOnlyWhenTheRecordIsReadable() {
        Account admin = server.register("Record Channels");
        Account agent = server.invite(admin, "agent");
        UUID caseId = UUID.randomUUID();
        allow(agent, caseId);
        try (WsClient mine = welcomed(agent).subscribe("case:" + caseId); WsClient theirs = welcomed(admin)) {
            theirs.send(new JsonObject().put("type", "subscribe").put("channel", "case:" + caseId));
            assertEquals("forbidden", theirs.await("error").getString("code"));

            RealtimeEvents.append(server, admin.tenantId(), "case.updated",
                    new JsonObject().put("entityType", "case").put("entityId", caseId.toString()), 1);
            JsonObject event = mine.await(f -> "case.updated".equals(f.getString("eventType")), 10);
            assertEquals("case:" + caseId, event.getString("channel"));
            theirs.assertNone(f -> "event".equals(f.getString("type")), 500);
        }
    }

    @Test
    void aSocketWhoseSessionEndedIsClosedInsteadOfReceivingRecordEvents() throws Exception {
        Account admin = server.register("Ended Session");
        Account agent = server.invite(admin, "agent");
        UUID caseId = UUID.randomUUID();
        allow(agent, caseId);
        try (WsClient ws = welcomed(agent).subscribe("case:" + caseId)) {
            assertEquals(204, server.http.post("/api/v1/auth/logout", null, agent.accessToken()).status());
            Thread.sleep(1_200); // this gateway trusts its session answers for 1 s and its access decisions for 100 ms
            RealtimeEvents.append(server, admin.tenantId(), "case.updated",
                    new JsonObject().put("entityType", "case").put("entityId", caseId.toString()), 1);
            ws.assertClosedWith(CloseCodes.AUTH_FAILED, 10);
        }
    }

    @Test
    void deliversRecordEventsOnTheOrgChannelOnlyToUsersWhoMayReadTheRecord() {
        Account admin = server.register("Record Filter");
        Account agent = server.invite(admin, "agent");
        Account other = server.invite(admin, "agent");
        UUID visible = UUID.randomUUID();
        UUID hidden = UUID.randomUUID();
        allow(agent, visible);
        try (WsClient a = welcomed(agent).subscribe("org"); WsClient o = welcomed(other).subscribe("org")) {
            RealtimeEvents.append(server, admin.tenantId(), "case.created",
                    new JsonObject().put("entityType", "case").put("entityId", hidden.toString()), 1);
            RealtimeEvents.append(server, admin.tenantId(), "case.created",
                    new JsonObject().put("entityType", "case").put("entityId", visible.toString()), 1);
            JsonObject first = a.await(f -> "event".equals(f.getString("type")), 10);
            assertEquals(visible.toString(), first.getJsonObject("data").getString("entityId"), "the hidden case never arrives");
            o.assertNone(f -> "event".equals(f.getString("type")), 500);

            allow(other, hidden);
            RealtimeEvents.append(server, admin.tenantId(), "case.updated",
                    new JsonObject().put("entityType", "case").put("entityId", hidden.toString()), 1);
            assertEquals(hidden.toString(), o.await(f -> "event".equals(f.getString("type")), 10)
                    .getJsonObject("data").getString("entityId"), "access granted later is honoured after the cache TTL");
        }
    }

    @Test
    void relaysTypingThrottledToOtherSubscribersAndExpiresIt() {
        Account admin = server.register("Typing");
        Account agent = server.invite(admin, "agent");
        Account outsider = server.invite(admin, "agent");
        UUID conversation = UUID.randomUUID();
        allow(admin, conversation);
        allow(agent, conversation);
        String channel = "conversation:" + conversation;
        try (WsClient typist = welcomed(agent).subscribe(channel); WsClient reader = welcomed(admin).subscribe(channel);
             WsClient stranger = welcomed(outsider)) {
            JsonObject start = new JsonObject().put("type", "typing").put("conversationId", conversation.toString()).put("state", "start");
            typist.send(start).send(start).send(start);
            JsonObject relayed = reader.await("typing");
            assertEquals("start", relayed.getString("state"));
            assertEquals(agent.userId(), relayed.getString("userId"));
            JsonObject stopped = reader.await("typing");
            assertEquals("stop", stopped.getString("state"), "throttled to one start, then expired by itself");
            typist.assertNone(f -> "typing".equals(f.getString("type")), 200);

            stranger.send(start);
            assertEquals("forbidden", stranger.await("error").getString("code"));
            reader.assertNone(f -> "typing".equals(f.getString("type")), 300);

            typist.send(start);
            assertEquals("start", reader.await("typing").getString("state"));
            typist.send(start.copy().put("state", "stop"));
            assertEquals("stop", reader.await("typing").getString("state"));
        }
    }
}
