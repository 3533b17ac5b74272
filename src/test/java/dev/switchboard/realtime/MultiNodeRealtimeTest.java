package dev.switchboard.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.platform.config.DatabaseUrl;
import dev.switchboard.testing.Account;
import dev.switchboard.testing.Eventually;
import dev.switchboard.testing.Http;
import dev.switchboard.testing.KafkaBroker;
import dev.switchboard.testing.TestDatabase;
import dev.switchboard.testing.TestServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two (and, briefly, three) server nodes on one database joined through a real Kafka broker: events,
 * notifications, presence and typing cross nodes; a node that stops cleanly takes its users offline at
 * once, one that falls silent after the node timeout; records without a valid tenant are rejected.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MultiNodeRealtimeTest {

    private static final Duration NODE_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration HEARTBEAT = Duration.ofMillis(250);
    /** The earliest a silent node's users can go offline: its last heartbeat may precede the silence by up to two intervals. */
    private static final Duration EARLIEST_EXPIRY = NODE_TIMEOUT.minus(HEARTBEAT.multipliedBy(2));
    private static final String PREFIX = "test-" + UUID.randomUUID().toString().substring(0, 8) + ".";

    private static KafkaBroker kafka;
    private static DatabaseUrl db;
    private static TestServer a;
    private static TestServer b;
    private static Vertx clients;

    @BeforeAll
    static void start() {
        java.util.concurrent.CompletableFuture<KafkaBroker> broker = java.util.concurrent.CompletableFuture.supplyAsync(KafkaBroker::start);
        db = TestDatabase.newDatabase();
        kafka = broker.join();
        a = TestServer.startOn(db, node("node-a"));
        b = TestServer.startOn(db, node("node-b"));
        clients = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        WsClient.await(clients.close());
        b.close();
        if (a != null) {
            a.close();
        }
        kafka.close();
    }

    private static Map<String, String> node(String id) {
        Map<String, String> env = new HashMap<>();
        env.put("SWITCHBOARD_KAFKA_BOOTSTRAP", kafka.bootstrap());
        env.put("SWITCHBOARD_KAFKA_NODE_ID", id);
        env.put("SWITCHBOARD_KAFKA_TOPIC_PREFIX", PREFIX);
        env.put("SWITCHBOARD_KAFKA_PARTITIONS", "2");
        env.put("SWITCHBOARD_KAFKA_HEARTBEAT_INTERVAL", HEARTBEAT.toMillis() + "ms");
        env.put("SWITCHBOARD_KAFKA_NODE_TIMEOUT", NODE_TIMEOUT.toMillis() + "ms");
        env.put("SWITCHBOARD_REALTIME_PRESENCE_GRACE", "300ms");
        env.put("SWITCHBOARD_REALTIME_TYPING_THROTTLE", "5s");
        return env;
    }

    private static WsClient welcomed(TestServer node, Account account) {
        return WsClient.welcomed(clients, node.port, account.accessToken());
    }

    private static Predicate<JsonObject> presenceOf(Account user, String status) {
        return WsClient.presence(user.userId(), status);
    }

    private static String presenceOver(TestServer node, Account reader, Account user) {
        Http.Response r = node.http.get("/api/v1/presence?limit=100", reader.accessToken());
        assertEquals(200, r.status(), r::toString);
        return r.items().stream().map(JsonObject.class::cast).filter(e -> user.userId().equals(e.getString("userId")))
                .map(e -> e.getString("status")).findFirst().orElseThrow();
    }

    @Test
    @Order(1)
    void clientsOnEitherNodeReceiveTheEventOfARestWriteOnTheOther() {
        Account admin = a.register("Cluster Events");
        try (WsClient onA = welcomed(a, admin).subscribe("org"); WsClient onB = welcomed(b, admin).subscribe("org")) {
            String fromA = RealtimeEvents.createTeam(a, admin, "Written on A");
            Predicate<JsonObject> teamFromA = f -> "event".equals(f.getString("type")) && fromA.equals(f.getJsonObject("data").getString("entityId"));
            onB.await(teamFromA, 10);
            onA.await(teamFromA, 10);

            String fromB = RealtimeEvents.createTeam(b, admin, "Written on B");
            Predicate<JsonObject> teamFromB = f -> "event".equals(f.getString("type")) && fromB.equals(f.getJsonObject("data").getString("entityId"));
            onA.await(teamFromB, 10);
            onB.await(teamFromB, 10);

            onA.assertNone(teamFromA.or(teamFromB), 500);
            onB.assertNone(teamFromA.or(teamFromB), 100);
        }
    }

    @Test
    @Order(2)
    void anEntryWrittenOnOneNodeReachesTheCachedTimelineAndTheCaseChannelOnEveryNode() {
        Account admin = a.register("Cluster Timeline");
        String caseId = a.createCase(admin);
        String path = "/api/v1/timeline/case/" + caseId;
        Eventually.await(() -> entries(a, path, admin) > 0 && entries(b, path, admin) > 0, Duration.ofSeconds(10), "case created entry");
        int before = entries(b, path, admin);
        assertEquals(before, entries(a, path, admin), "both nodes show the same first page, now cached on both");
        try (WsClient onB = welcomed(b, admin).subscribe("case:" + caseId)) {
            Http.Response note = a.http.post("/api/v1/notes", new JsonObject().put("entityType", "case").put("entityId", caseId)
                    .put("body", "<p>written on A</p>").put("visibility", "org"), admin.accessToken());
            assertEquals(201, note.status(), note::toString);
            JsonObject frame = onB.await(f -> "timeline.appended".equals(f.getString("type")), 10);
            assertEquals(caseId, frame.getString("entityId"));
            // whichever node projected the entry, the other one drops its cached page (kept 10 minutes otherwise)
            // when the announcement arrives
            Eventually.await(() -> entries(b, path, admin) == before + 1 && entries(a, path, admin) == before + 1,
                    Duration.ofSeconds(5), "the new entry on both nodes");
        }
    }

    private static int entries(TestServer node, String path, Account account) {
        Http.Response page = node.http.get(path, account.accessToken());
        assertEquals(200, page.status(), page::toString);
        return page.json().getJsonArray("items").size();
    }

    @Test
    @Order(2)
    void theAssigneeOnOneNodeIsNotifiedOfATaskAssignedOnTheOther() {
        Account admin = a.register("Cluster Notifications");
        Account agent = a.invite(admin, "agent");
        try (WsClient onB = welcomed(b, agent)) {
            Http.Response task = a.http.post("/api/v1/tasks", new JsonObject().put("title", "Call back")
                    .put("assigneeUserId", agent.userId()), admin.accessToken());
            assertEquals(201, task.status(), task::toString);
            JsonObject n = onB.await(f -> "notification.created".equals(f.getString("eventType")), 10);
            assertEquals("user:" + agent.userId(), n.getString("channel"));
        }
    }

    @Test
    @Order(2)
    void aLogoutOnOneNodeEndsTheSessionOnTheOtherWithinASecond() {
        Account admin = a.register("Cluster Logout");
        try (WsClient onB = welcomed(b, admin)) {
            assertEquals(200, b.http.get("/api/v1/auth/me", admin.accessToken()).status(), "b has the session cached");
            long started = System.nanoTime();
            assertEquals(204, a.http.post("/api/v1/auth/logout", new JsonObject(), admin.accessToken()).status());
            assertEquals(CloseCodes.AUTH_FAILED, onB.awaitClose(5));
            assertTrue(System.nanoTime() - started < 1_000_000_000L, "closed on the other node within a second");
            assertEquals(401, b.http.get("/api/v1/auth/me", admin.accessToken()).status(), "and REST there refuses it");
        }
    }

    @Test
    @Order(2)
    void aPermissionRevokedOnOneNodeReScopesTheSocketsOnTheOtherWithinASecond() {
        Account admin = a.register("Cluster Rescope");
        Account agent = a.invite(admin, "agent");
        try (WsClient onB = welcomed(b, agent).subscribe("presence")) {
            long started = System.nanoTime();
            Http.Response r = a.http.put("/api/v1/users/" + agent.userId() + "/permissions", new JsonObject()
                    .put("grants", new io.vertx.core.json.JsonArray())
                    .put("revocations", new io.vertx.core.json.JsonArray().add("users.read")), admin.accessToken());
            assertEquals(200, r.status(), r::toString);
            assertEquals("presence", onB.await(f -> "unsubscribed".equals(f.getString("type")), 5).getString("channel"));
            assertTrue(System.nanoTime() - started < 1_000_000_000L, "re-scoped on the other node within a second");
            assertEquals(403, b.http.get("/api/v1/users", agent.accessToken()).status(), "and REST there applies it");
        }
    }

    @Test
    @Order(2)
    void aMessagePublishedOnOneNodeReachesTheChannelsSubscribersOnTheOther() {
        Account admin = a.register("Cluster Publish");
        try (WsClient onB = welcomed(b, admin).subscribe("org")) {
            Http.Response r = a.http.post("/api/v1/realtime/publish",
                    new JsonObject().put("channel", "org").put("event", "deploy").put("data", 7), admin.accessToken());
            assertEquals(202, r.status(), r::toString);
            JsonObject frame = onB.await(f -> "broadcast".equals(f.getString("type")), 10);
            assertEquals("deploy", frame.getString("event"));
            assertEquals(7, frame.getInteger("data"));
        }
    }

    @Test
    @Order(3)
    void aUserConnectedToOneNodeIsOnlineOnTheOtherWithTheStatusTheySet() {
        Account admin = a.register("Cluster Presence");
        Account agent = a.invite(admin, "agent");
        try (WsClient watcher = welcomed(b, admin).subscribe("presence")) {
            WsClient device = welcomed(a, agent);
            watcher.await(presenceOf(agent, "online"), 10);
            assertEquals("online", presenceOver(b, admin, agent));
            assertTrue(metric(b, "switchboard_realtime_presence_nodes", "") >= 1, "node A is seen from node B");

            device.send(new JsonObject().put("type", "presence").put("status", "busy"));
            watcher.await(presenceOf(agent, "busy"), 10);
            assertEquals("busy", presenceOver(b, admin, agent));

            try (WsClient secondDevice = welcomed(b, agent)) {
                watcher.assertNone(WsClient.presence(agent.userId(), null), 500);
                assertEquals("busy", presenceOver(b, admin, agent), "devices on two nodes count once and share the status");
            }
            watcher.assertNone(WsClient.presence(agent.userId(), null), 800);

            device.close();
            JsonObject offline = watcher.await(presenceOf(agent, "offline"), 10);
            assertTrue(WsClient.presenceEntry(offline, agent.userId()).getString("lastSeenAt") != null, offline::encode);
            assertEquals("offline", presenceOver(b, admin, agent));
        }
    }

    @Test
    @Order(4)
    void typingOnOneNodeReachesTheConversationsSubscribersOnTheOther() {
        Account admin = a.register("Cluster Typing");
        Account manager = a.invite(admin, "manager");
        Http.Response conversation = a.http.post("/api/v1/conversations", new JsonObject().put("channel", "internal"), admin.accessToken());
        assertEquals(201, conversation.status(), conversation::toString);
        String id = conversation.json().getString("id");
        String channel = "conversation:" + id;
        try (WsClient typist = welcomed(a, admin).subscribe(channel); WsClient reader = welcomed(b, manager).subscribe(channel)) {
            JsonObject start = new JsonObject().put("type", "typing").put("conversationId", id).put("state", "start");
            typist.send(start);
            JsonObject relayed = reader.await("typing");
            assertEquals("start", relayed.getString("state"));
            assertEquals(admin.userId(), relayed.getString("userId"));
            typist.send(start.copy().put("state", "stop"));
            assertEquals("stop", reader.await("typing").getString("state"));
            typist.assertNone(f -> "typing".equals(f.getString("type")), 300);
        }
    }

    @Test
    @Order(5)
    void rejectsAndCountsRecordsWithoutTheirTenantOrWithAnotherTenant() throws Exception {
        Account admin = a.register("Cluster Intruders");
        Account other = a.register("Cluster Other");
        Account agent = a.invite(admin, "agent");
        String presenceTopic = PREFIX + "presence";
        String online = new JsonObject().put("kind", "state").put("userId", agent.userId()).put("status", "online").encode();
        double presenceRejected = counter(b, "presence", "rejected");
        double eventsRejected = counter(b, "events", "rejected");
        try (WsClient watcher = welcomed(b, admin).subscribe("presence"); KafkaProducer<String, String> producer = kafka.producer()) {
            send(producer, new ProducerRecord<>(presenceTopic, admin.tenantId(), online));
            ProducerRecord<String, String> wrongHeader = new ProducerRecord<>(presenceTopic, admin.tenantId(), online);
            wrongHeader.headers().add("tenant-id", other.tenantId().getBytes(StandardCharsets.UTF_8))
                    .add("origin-node", "intruder".getBytes(StandardCharsets.UTF_8));
            send(producer, wrongHeader);
            JsonObject foreignEvent = new JsonObject().put("id", UUID.randomUUID().toString()).put("tenantId", other.tenantId())
                    .put("actorType", "system").put("type", "team.created")
                    .put("data", new JsonObject().put("entityType", "team").put("entityId", UUID.randomUUID().toString()));
            ProducerRecord<String, String> smuggled = new ProducerRecord<>(PREFIX + "events", admin.tenantId(), foreignEvent.encode());
            smuggled.headers().add("tenant-id", admin.tenantId().getBytes(StandardCharsets.UTF_8))
                    .add("origin-node", "intruder".getBytes(StandardCharsets.UTF_8));
            send(producer, smuggled);

            Eventually.await(() -> counter(b, "presence", "rejected") >= presenceRejected + 2
                    && counter(b, "events", "rejected") >= eventsRejected + 1, Duration.ofSeconds(10), "three records rejected");
            watcher.assertNone(WsClient.presence(agent.userId(), null), 300);
            assertEquals("offline", presenceOver(b, admin, agent));

            ProducerRecord<String, String> valid = new ProducerRecord<>(presenceTopic, admin.tenantId(), online);
            valid.headers().add("tenant-id", admin.tenantId().getBytes(StandardCharsets.UTF_8))
                    .add("origin-node", "intruder".getBytes(StandardCharsets.UTF_8));
            send(producer, valid);
            watcher.await(presenceOf(agent, "online"), 10);
        }
    }

    @Test
    @Order(6)
    void aNodeThatStopsCleanlyTakesItsUsersOfflineOnTheOthersAtOnce() {
        TestServer c = TestServer.startOn(db, node("node-c"));
        Account admin = a.register("Cluster Clean Stop");
        Account agent = a.invite(admin, "agent");
        try (WsClient watcher = welcomed(b, admin).subscribe("presence")) {
            welcomed(c, agent);
            watcher.await(presenceOf(agent, "online"), 10);
            long stopping = System.nanoTime();
            c.close();
            watcher.await(presenceOf(agent, "offline"), 2);
            Duration took = Duration.ofNanos(System.nanoTime() - stopping);
            assertTrue(took.compareTo(NODE_TIMEOUT) < 0, "offline after " + took + ", before the node timeout");
        }
    }

    @Test
    @Order(7)
    void theUsersOfANodeThatFallsSilentGoOfflineOnTheOthersAfterTheNodeTimeout() throws Exception {
        Account admin = b.register("Cluster Crash");
        Account agent = b.invite(admin, "agent");
        try (WsClient watcher = welcomed(b, admin).subscribe("presence")) {
            welcomed(a, agent);
            watcher.await(presenceOf(agent, "online"), 10);
            Instant connected = Instant.now();
            TimeUnit.MILLISECONDS.sleep(1000);

            long silent = System.nanoTime();
            WsClient.await(a.app.cluster().close());
            watcher.assertNone(presenceOf(agent, "offline"), EARLIEST_EXPIRY.toMillis() - 100);
            assertEquals("online", presenceOver(b, admin, agent));
            watcher.await(presenceOf(agent, "offline"), 5);
            Duration took = Duration.ofNanos(System.nanoTime() - silent);
            assertTrue(took.compareTo(EARLIEST_EXPIRY) >= 0, "offline only after the node timeout, not " + took);
            assertEquals("offline", presenceOver(b, admin, agent));
            Instant lastSeen = lastSeen(agent);
            assertTrue(lastSeen.isAfter(connected.plusMillis(500)), "last seen when the node was last heard: " + lastSeen);
        } finally {
            a.close();
            a = null;
        }
    }

    private static void send(KafkaProducer<String, String> producer, ProducerRecord<String, String> record) throws Exception {
        producer.send(record).get(10, TimeUnit.SECONDS);
    }

    private static double counter(TestServer node, String topic, String outcome) {
        return metric(node, "switchboard_kafka_records_total", "topic=\"" + topic + "\"", "outcome=\"" + outcome + "\"");
    }

    /** The value of the Prometheus sample {@code name} whose labels contain every one of {@code labels}; 0 if none. */
    private static double metric(TestServer node, String name, String... labels) {
        String metrics = node.http.get("/metrics", null).body().toString();
        Matcher m = Pattern.compile("(?m)^" + name + "(\\{[^}]*})? (\\S+)").matcher(metrics);
        while (m.find()) {
            String found = m.group(1) == null ? "" : m.group(1);
            if (java.util.Arrays.stream(labels).allMatch(found::contains)) {
                return Double.parseDouble(m.group(2));
            }
        }
        return 0;
    }

    private static Instant lastSeen(Account user) throws SQLException {
        try (Connection c = TestDatabase.connect(db);
             PreparedStatement st = c.prepareStatement("SELECT last_seen_at FROM presence WHERE user_id = ?::uuid")) {
            st.setString(1, user.userId());
            try (ResultSet rs = st.executeQuery()) {
                assertTrue(rs.next(), "last seen stored");
                return rs.getTimestamp(1).toInstant();
            }
        }
    }
}
