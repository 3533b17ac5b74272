package dev.switchboard.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.testing.Account;
import dev.switchboard.testing.Http;
import dev.switchboard.testing.TestServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** Resuming after a disconnect, the resync answer, presence across devices, and slow consumers. */
class ResumeAndPresenceTest {

    private static TestServer server;
    private static Vertx clients;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of(
                "SWITCHBOARD_REALTIME_RESUME_MAX_EVENTS", "20",
                "SWITCHBOARD_REALTIME_PRESENCE_GRACE", "1s",
                "SWITCHBOARD_REALTIME_PRESENCE_TICK", "300ms",
                "SWITCHBOARD_REALTIME_MAX_QUEUED_FRAMES", "200",
                "SWITCHBOARD_OUTBOX_BATCH_SIZE", "50"));
        clients = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        WsClient.await(clients.close());
        server.close();
    }

    private static WsClient welcomed(Account account) {
        return WsClient.welcomed(clients, server.port, account.accessToken());
    }

    @Test
    void resumesWithTheEventsCommittedWhileDisconnectedInOrderWithoutDuplicates() {
        Account admin = server.register("Resume");
        long lastSeq;
        try (WsClient ws = welcomed(admin).subscribe("org")) {
            RealtimeEvents.createTeam(server, admin, "Before");
            lastSeq = ws.await(f -> "team.created".equals(f.getString("eventType")), 10).getLong("seq");
        }
        List<String> missed = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            missed.add(RealtimeEvents.createTeam(server, admin, "While away " + i));
        }
        // resume before the subscription, as documented: the channel's missed events then come before any live one
        // (a subscription first could get one still on its way live, ahead of the replay)
        try (WsClient ws = welcomed(admin)) {
            ws.send(new JsonObject().put("type", "resume").put("lastEventId", lastSeq));
            ws.subscribe("org");
            List<JsonObject> replayed = ws.events(3, 10);
            assertEquals(missed, replayed.stream().map(e -> e.getJsonObject("data").getString("entityId")).toList());
            long previous = lastSeq;
            for (JsonObject e : replayed) {
                assertTrue(e.getLong("seq") > previous, "in seq order: " + replayed);
                previous = e.getLong("seq");
            }
            String live = RealtimeEvents.createTeam(server, admin, "Live again");
            JsonObject next = ws.await(f -> "event".equals(f.getString("type")), 10);
            assertEquals(live, next.getJsonObject("data").getString("entityId"), "no duplicate of a replayed event before it");
            ws.assertNone(f -> "event".equals(f.getString("type")), 500);
        }
    }

    @Test
    void replaysAndThenContinuesLiveWithoutAGapWhileEventsKeepComing() {
        Account admin = server.register("Resume Under Load");
        long lastSeq;
        try (WsClient ws = welcomed(admin).subscribe("org")) {
            RealtimeEvents.createTeam(server, admin, "Start");
            lastSeq = ws.await(f -> "team.created".equals(f.getString("eventType")), 10).getLong("seq");
        }
        JsonObject data = new JsonObject().put("entityType", "team").put("entityId", admin.userId());
        RealtimeEvents.append(server, admin.tenantId(), "team.updated", data, 10);
        try (WsClient ws = welcomed(admin).subscribe("org")) {
            ws.send(new JsonObject().put("type", "resume").put("lastEventId", lastSeq));
            RealtimeEvents.append(server, admin.tenantId(), "team.updated", data, 5);
            List<JsonObject> events = ws.events(15, 10);
            assertEquals(15, new HashSet<>(events.stream().map(e -> e.getString("id")).toList()).size(), "no duplicates");
            List<Long> seqs = events.stream().map(e -> e.getLong("seq")).toList();
            assertEquals(seqs.stream().sorted().toList(), seqs, "in seq order");
            ws.assertNone(f -> "event".equals(f.getString("type")), 500);
        }
    }

    @Test
    void aResumeBeforeTheSubscriptionsReplaysEachChannelWhenItIsSubscribed() {
        Account admin = server.register("Resume First");
        long lastSeq;
        try (WsClient ws = welcomed(admin).subscribe("org")) {
            RealtimeEvents.createTeam(server, admin, "Before");
            lastSeq = ws.await(f -> "team.created".equals(f.getString("eventType")), 10).getLong("seq");
        }
        List<String> missed = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            missed.add(RealtimeEvents.createTeam(server, admin, "While away " + i));
        }
        try (WsClient ws = welcomed(admin)) {
            ws.send(new JsonObject().put("type", "resume").put("lastEventId", lastSeq));
            ws.subscribe("org");
            List<JsonObject> replayed = ws.events(3, 10);
            assertEquals(missed, replayed.stream().map(e -> e.getJsonObject("data").getString("entityId")).toList());
            String live = RealtimeEvents.createTeam(server, admin, "Live again");
            assertEquals(live, ws.await(f -> "event".equals(f.getString("type")), 10).getJsonObject("data").getString("entityId"));
            ws.assertNone(f -> "event".equals(f.getString("type")), 500);
        }
    }

    @Test
    void aSubscriptionMayCatchUpFromItsOwnLastEventId() {
        Account admin = server.register("Subscribe Since");
        long lastSeq;
        try (WsClient ws = welcomed(admin).subscribe("org")) {
            RealtimeEvents.createTeam(server, admin, "Before");
            lastSeq = ws.await(f -> "team.created".equals(f.getString("eventType")), 10).getLong("seq");
        }
        String missed = RealtimeEvents.createTeam(server, admin, "While away");
        try (WsClient ws = welcomed(admin)) {
            ws.send(new JsonObject().put("type", "subscribe").put("channel", "org").put("lastEventId", lastSeq));
            assertEquals(missed, ws.await(f -> "event".equals(f.getString("type")), 10).getJsonObject("data").getString("entityId"));
            ws.assertNone(f -> "event".equals(f.getString("type")), 500);
        }
    }

    @RepeatedTest(5)
    void subscribeAndResumeSentTogetherNeverLetALiveEventOvertakeAReplayedOne() throws Exception {
        Account admin = server.register("Resume Race");
        long lastSeq;
        try (WsClient ws = welcomed(admin).subscribe("org")) {
            RealtimeEvents.createTeam(server, admin, "Start");
            lastSeq = ws.await(f -> "team.created".equals(f.getString("eventType")), 10).getLong("seq");
        }
        JsonObject data = new JsonObject().put("entityType", "team").put("entityId", admin.userId());
        // within the resume window of this server (20 events) in all
        RealtimeEvents.append(server, admin.tenantId(), "team.updated", data, 8);
        // events keep committing while the client reconnects, subscribes and resumes
        Thread writer = new Thread(() -> {
            for (int i = 0; i < 10; i++) {
                RealtimeEvents.append(server, admin.tenantId(), "team.updated", data, 1);
            }
        });
        try (WsClient ws = welcomed(admin)) {
            writer.start();
            ws.send(new JsonObject().put("type", "subscribe").put("channel", "org"));
            ws.send(new JsonObject().put("type", "resume").put("lastEventId", lastSeq));
            List<JsonObject> events = ws.events(18, 20);
            writer.join();
            List<Long> seqs = events.stream().map(e -> e.getLong("seq")).toList();
            assertEquals(seqs.stream().sorted().distinct().toList(), seqs, "in position order, nothing twice");
            ws.assertNone(f -> "event".equals(f.getString("type")), 500);
        }
    }

    @Test
    void answersResyncRequiredWhenTooFarBehind() {
        Account admin = server.register("Resync");
        try (WsClient ws = WsClient.connect(clients, server.port, admin.accessToken())) {
            long lastSeq = ws.await("welcome").getLong("resumeFrom");
            ws.subscribe("org");
            RealtimeEvents.append(server, admin.tenantId(), "team.updated",
                    new JsonObject().put("entityType", "team").put("entityId", admin.userId()), 25);
            ws.events(25, 10);
            ws.send(new JsonObject().put("type", "resume").put("lastEventId", lastSeq));
            assertEquals("resync_required", ws.await("error").getString("code"));
            String live = RealtimeEvents.createTeam(server, admin, "After resync");
            assertEquals(live, ws.await(f -> "team.created".equals(f.getString("eventType")), 10)
                    .getJsonObject("data").getString("entityId"), "live delivery goes on");
        }
    }

    @Test
    void countsSeveralDevicesOnceAndGoesOfflineAfterTheGrace() throws Exception {
        Account admin = server.register("Presence");
        Account agent = server.invite(admin, "agent");
        try (WsClient watcher = welcomed(admin).subscribe("presence")) {
            JsonObject state = watcher.await("presence.state");
            assertTrue(WsClient.presence(admin.userId(), "online").test(state), "the state on subscribing: " + state);
            assertTrue(!WsClient.presence(agent.userId(), null).test(state), "not yet connected: " + state);
            WsClient phone = welcomed(agent);
            JsonObject online = watcher.await(WsClient.presence(agent.userId(), null), 10);
            assertEquals("online", WsClient.presenceEntry(online, agent.userId()).getString("status"));
            WsClient laptop = welcomed(agent);
            watcher.assertNone(WsClient.presence(agent.userId(), null), 300);

            laptop.send(new JsonObject().put("type", "presence").put("status", "dnd"));
            watcher.await(WsClient.presence(agent.userId(), "dnd"), 10);

            phone.close();
            watcher.assertNone(WsClient.presence(agent.userId(), null), 1500);
            assertEquals("dnd", statusOf(admin, agent), "one device still connected");

            laptop.close();
            assertEquals("dnd", statusOf(admin, agent), "within the grace");
            JsonObject offline = WsClient.presenceEntry(watcher.await(WsClient.presence(agent.userId(), null), 10), agent.userId());
            assertEquals("offline", offline.getString("status"));
            assertNotNull(offline.getString("lastSeenAt"));
            assertEquals("offline", statusOf(admin, agent));
            JsonObject entry = entryOf(admin, agent);
            assertNotNull(entry.getString("lastSeenAt"));
        }
    }

    @Test
    void sendsTheJoinsOfATickInOneFrame() {
        Account admin = server.register("Presence Batch");
        List<Account> agents = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            agents.add(server.invite(admin, "agent"));
        }
        List<WsClient> sockets = new ArrayList<>();
        try (WsClient watcher = welcomed(admin).subscribe("presence")) {
            watcher.await("presence.state");
            // all connect at once: their joins fall into one or two ticks, not one frame each
            List<java.util.concurrent.CompletableFuture<WsClient>> connecting = agents.stream()
                    .map(a -> java.util.concurrent.CompletableFuture.supplyAsync(() -> welcomed(a))).toList();
            connecting.forEach(f -> sockets.add(f.join()));
            java.util.Set<String> seen = new HashSet<>();
            int frames = 0;
            while (seen.size() < agents.size()) {
                JsonObject frame = watcher.await(f -> "presence".equals(f.getString("type")), 10);
                frames++;
                frame.getJsonArray("changes").forEach(c -> seen.add(((JsonObject) c).getString("userId")));
                seen.remove(admin.userId());
            }
            assertEquals(agents.stream().map(Account::userId).collect(java.util.stream.Collectors.toSet()), seen);
            assertTrue(frames < agents.size(), frames + " frames for " + agents.size() + " joins");
        } finally {
            sockets.forEach(WsClient::close);
        }
    }

    @Test
    void listsPresenceOnlyForStaffOfTheSameOrganization() {
        Account admin = server.register("Presence List");
        Account customer = server.invite(admin, "customer");
        Account other = server.register("Presence List Elsewhere");
        try (WsClient ws = welcomed(admin)) {
            assertEquals("online", statusOf(admin, admin));
            JsonObject never = entryOf(admin, customer);
            assertEquals("offline", never.getString("status"));
            assertNull(never.getValue("lastSeenAt"));
            assertEquals(403, server.http.get("/api/v1/presence", customer.accessToken()).status());
            Http.Response elsewhere = server.http.get("/api/v1/presence", other.accessToken());
            assertEquals(200, elsewhere.status());
            assertTrue(!elsewhere.body().toString().contains(admin.userId()), "another organization's members never appear");
        }
    }

    @Test
    void closesASlowConsumerWhileOthersKeepReceivingOnTime() {
        Account admin = server.register("Slow Consumer");
        try (WsClient slow = welcomed(admin).subscribe("org"); WsClient fast = welcomed(admin).subscribe("org")) {
            slow.socket().pause();
            JsonObject big = new JsonObject().put("entityType", "team").put("entityId", admin.userId())
                    .put("filler", "x".repeat(16 * 1024));
            long started = System.nanoTime();
            // about 25 MB in all: more than the socket buffers on both sides can absorb, so the paused client falls
            // behind. Each batch is committed once the reading client has the previous one, so that client is never
            // more than a batch behind, however busy the machine is: only the paused one can outgrow the bound.
            for (int batch = 0; batch < 30; batch++) {
                RealtimeEvents.append(server, admin.tenantId(), "team.updated", big, 50);
                assertEquals(50, fast.events(50, 10).size());
            }
            assertTrue(System.nanoTime() - started < 30_000_000_000L, "the fast client was not held up");
            slow.socket().resume();
            short code = slow.awaitClose(20);
            assertTrue(code == CloseCodes.SLOW_CONSUMER || code == 1006, "closed: " + code);
            String metrics = server.http.get("/metrics", null).body().toString();
            assertTrue(metrics.contains("switchboard_realtime_slow_consumers_closed_total 1.0"), "counted");
        }
    }

    private static String statusOf(Account viewer, Account member) {
        return entryOf(viewer, member).getString("status");
    }

    private static JsonObject entryOf(Account viewer, Account member) {
        Http.Response r = server.http.get("/api/v1/presence?limit=100", viewer.accessToken());
        assertEquals(200, r.status(), r::toString);
        JsonArray items = r.json().getJsonArray("items");
        for (int i = 0; i < items.size(); i++) {
            if (member.userId().equals(items.getJsonObject(i).getString("userId"))) {
                return items.getJsonObject(i);
            }
        }
        throw new AssertionError(member.userId() + " not listed: " + items);
    }
}
