package dev.switchboard.platform.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.switchboard.platform.config.DatabaseUrl;
import dev.switchboard.testing.DeliveryCounter;
import dev.switchboard.testing.EventLogProbe;
import dev.switchboard.testing.Eventually;
import dev.switchboard.testing.ForkedServer;
import dev.switchboard.testing.Http;
import dev.switchboard.testing.SuperuserSql;
import dev.switchboard.testing.TestDatabase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Two nodes on one database, without Kafka, share the event log's shards through leases: they split the shards,
 * and when one node stops cleanly (SIGTERM) or dies ({@code kill -9}) the other takes all of them over within
 * seconds. No event is skipped or applied twice across the moves.
 */
class ShardHandoverTest {

    private static final String NODE_A = "handover-a";
    private static final String NODE_B = "handover-b";
    private static final Duration TAKEOVER = Duration.ofSeconds(10);

    /** An organization and the case its tasks go on. */
    private record Org(String tenant, String token, String caseId, int shard) {
    }

    /** An acknowledged task. */
    private record Ack(Org org, String task) {
        @Override
        public String toString() {
            return "task " + task + " on case " + org.caseId() + " (tenant " + org.tenant() + ", shard " + org.shard() + ")";
        }
    }

    @Test
    void theSurvivingNodeTakesEveryShardAfterAStopAndAKill9AndNoEventIsSkippedOrRepeated() throws Exception {
        long began = System.nanoTime();
        DatabaseUrl db = TestDatabase.newDatabase();
        EventLogProbe probe = new EventLogProbe(db);
        Map<String, String> envA = nodeEnv(ForkedServer.env(db), NODE_A);
        Map<String, String> envB = nodeEnv(envA, NODE_B);
        envB.put("SWITCHBOARD_HTTP_PORT", Integer.toString(ForkedServer.freePort()));
        try (ForkedServer a = new ForkedServer("handover-a", envA); ForkedServer b = new ForkedServer("handover-b", envB)) {
            a.start();
            b.start();
            a.awaitReady();
            b.awaitReady();
            int shards = probe.shards();
            assertTrue(shards > 1, "the log has several shards: " + shards);
            awaitSplit(db, shards, "after both nodes started");
            log(began, "both nodes ready, shards split: " + owners(db, shards));

            List<Org> orgs = orgsCoveringEveryShard(a.http(), shards);
            log(began, orgs.size() + " organizations cover the " + shards + " shards");

            ConcurrentLinkedQueue<Ack> acks = new ConcurrentLinkedQueue<>();
            AtomicInteger refused = new AtomicInteger();
            AtomicBoolean stop = new AtomicBoolean();
            Thread writer = new Thread(() -> writeTasks(a.port(), orgs, acks, refused, stop), "task-writer");
            writer.start();
            try {
                Thread.sleep(1000);
                b.stop();
                Duration moved = awaitOnlyOwner(db, shards, NODE_A, "after node B stopped with SIGTERM");
                log(began, "B stopped; A holds every shard after " + moved.toMillis() + " ms");

                Thread.sleep(500);
                b.startAndAwaitReady();
                awaitSplit(db, shards, "after node B restarted");
                log(began, "B restarted, shards split: " + owners(db, shards));

                Thread.sleep(1000);
                b.kill();
                moved = awaitOnlyOwner(db, shards, NODE_A, "after node B was killed with kill -9");
                log(began, "B killed; A holds every shard after " + moved.toMillis() + " ms");
                Thread.sleep(1000);
            } finally {
                stop.set(true);
                writer.join(TimeUnit.SECONDS.toMillis(30));
            }
            assertEquals(0, refused.get(), "node A refused task writes");
            assertTrue(acks.size() > 20, "tasks were written throughout: " + acks.size());
            log(began, acks.size() + " tasks acknowledged");

            try {
                Eventually.await(() -> probe.unpositioned() == 0 && probe.behind().isEmpty() && EventLogProbe.caughtUp(a.metrics()),
                        Duration.ofSeconds(30), "every consumer passed every event");
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + ": unpositioned " + probe.unpositioned() + ", behind " + probe.behind()
                        + ", lag on A " + EventLogProbe.lag(a.metrics()), e);
            }
            assertEquals(0, probe.parked(), "parked events");
            log(began, "drained");

            List<String> problems = new ArrayList<>();
            try (SuperuserSql sql = new SuperuserSql(db)) {
                for (Ack ack : acks) {
                    long events = sql.count("SELECT count(*) FROM outbox WHERE tenant_id = ?::uuid AND type = 'task.created' "
                            + "AND payload->>'entityId' = ?", ack.org().tenant(), ack.task());
                    if (events != 1) {
                        problems.add(ack + ": " + events + " task.created events, expected 1");
                    }
                }
                for (Org org : orgs) {
                    for (String[] e : sql.rows("SELECT id::text, payload->>'entityId', position FROM outbox WHERE tenant_id = ?::uuid "
                            + "AND type = 'task.created'", org.tenant())) {
                        String what = "task.created event " + e[0] + " (position " + e[2] + ") of task " + e[1] + " on case " + org.caseId()
                                + " (shard " + org.shard() + ")";
                        long entries = sql.count("SELECT count(*) FROM timeline_entries WHERE tenant_id = ?::uuid AND record_type = 'case' "
                                + "AND record_id = ?::uuid AND type = 'task.created' AND entity_id = ?::uuid", org.tenant(), org.caseId(), e[1]);
                        if (entries != 1) {
                            problems.add(what + ": " + entries + " timeline entries, expected 1");
                        }
                        long records = sql.count("SELECT count(*) FROM workflow_records WHERE tenant_id = ?::uuid AND entity_type = 'task' "
                                + "AND entity_id = ?::uuid", org.tenant(), e[1]);
                        if (records != 1) {
                            problems.add(what + ": " + records + " workflow record projections, expected 1");
                        }
                    }
                }
            }
            if (!problems.isEmpty()) {
                fail(problems.size() + " events skipped or repeated:\n  " + String.join("\n  ", problems.subList(0, Math.min(200, problems.size()))));
            }
            log(began, "passed");
        }
    }

    /**
     * The outbound fan-out across a handover: an organization whose shard node B works creates a webhook endpoint
     * (B's fan-out reads the endpoint's event); B stops and node A, which started before the endpoint existed, takes
     * the shard over. The organization's next events are still delivered, each exactly once.
     */
    @Test
    void outboundDeliveriesGoOnWhenAShardMovesToANodeThatStartedBeforeTheEndpointExisted() throws Exception {
        long began = System.nanoTime();
        DatabaseUrl db = TestDatabase.newDatabase();
        EventLogProbe probe = new EventLogProbe(db);
        Map<String, String> envA = nodeEnv(ForkedServer.env(db), NODE_A);
        Map<String, String> envB = nodeEnv(envA, NODE_B);
        envB.put("SWITCHBOARD_HTTP_PORT", Integer.toString(ForkedServer.freePort()));
        try (DeliveryCounter receiver = new DeliveryCounter();
             ForkedServer a = new ForkedServer("fanout-handover-a", envA);
             ForkedServer b = new ForkedServer("fanout-handover-b", envB)) {
            a.start();
            b.start();
            a.awaitReady();
            b.awaitReady();
            int shards = probe.shards();
            awaitSplit(db, shards, "after both nodes started");
            Map<Integer, String> owners = owners(db, shards);
            log(began, "both nodes ready, shards split: " + owners);

            Org org = null;
            for (int i = 0; i < 40 && org == null; i++) {
                Org candidate = register(a.http(), "Fan-out " + i, shards);
                if (ownedBy(owners.get(candidate.shard()), NODE_B)) {
                    org = candidate;
                }
            }
            assertTrue(org != null, "an organization in one of node B's shards");
            Http.Response endpoint = a.http().post("/api/v1/webhook-endpoints", new JsonObject().put("url", receiver.url("/moved"))
                    .put("eventTypes", new JsonArray().add("task.created")), org.token());
            assertEquals(201, endpoint.status(), endpoint::toString);
            String first = createTask(a.http(), org, "before the handover");
            String firstEvent = taskCreatedEvent(db, org, first);
            Eventually.await(() -> receiver.count(firstEvent) == 1, Duration.ofSeconds(20), "the first task delivered while B works the shard");

            b.stop();
            Duration moved = awaitOnlyOwner(db, shards, NODE_A, "after node B stopped with SIGTERM");
            log(began, "B stopped; A holds every shard after " + moved.toMillis() + " ms");

            List<String> events = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                events.add(taskCreatedEvent(db, org, createTask(a.http(), org, "after the handover " + i)));
            }
            try {
                Eventually.await(() -> probe.unpositioned() == 0 && EventLogProbe.caughtUp(a.metrics())
                        && TestDatabase.queryLong(db, "SELECT count(*) FROM jobs WHERE status IN ('queued', 'running')") == 0
                        && events.stream().allMatch(e -> receiver.count(e) >= 1), Duration.ofSeconds(30),
                        "every task after the handover delivered");
            } catch (AssertionError e) {
                Map<String, Integer> received = new TreeMap<>();
                events.forEach(id -> received.put(id, receiver.count(id)));
                long jobs = TestDatabase.queryLong(db, "SELECT count(*) FROM jobs WHERE kind = 'webhook.deliver' AND tenant_id = ?::uuid",
                        org.tenant());
                fail("deliveries after the handover, by task.created event id: " + received + "; delivery jobs of the organization: "
                        + jobs + " (1 before the handover); jobs waiting " + TestDatabase.queryLong(db,
                        "SELECT count(*) FROM jobs WHERE status IN ('queued', 'running')") + "; lag reported by A "
                        + EventLogProbe.lag(a.metrics()) + "; stored checkpoints behind: " + probe.behind() + "; parked " + probe.parked()
                        + "; the organization's shard " + org.shard(), e);
            }
            Thread.sleep(500);
            for (String e : events) {
                assertEquals(1, receiver.count(e), "deliveries of " + e);
            }
            assertEquals(0, probe.parked(), "parked events");
        }
    }

    // ---------------------------------------------------------------- nodes and shards

    private static Map<String, String> nodeEnv(Map<String, String> base, String node) {
        Map<String, String> env = new HashMap<>(base);
        env.put("SWITCHBOARD_KAFKA_NODE_ID", node);
        env.put("SWITCHBOARD_OUTBOX_LEASE_TTL", "2s");
        env.put("SWITCHBOARD_OUTBOX_POLL_INTERVAL", "100ms");
        return env;
    }

    /** The live owner of each shard (shards whose lease is free or expired are left out). */
    private static Map<Integer, String> owners(DatabaseUrl db, int shards) {
        Map<Integer, String> owners = new TreeMap<>();
        try (SuperuserSql sql = new SuperuserSql(db)) {
            for (String[] row : sql.rows("SELECT shard, owner FROM event_shard_leases WHERE owner IS NOT NULL AND expires_at > now() "
                    + "AND shard < ?", shards)) {
                owners.put(Integer.parseInt(row[0]), row[1]);
            }
        }
        return owners;
    }

    /** Waits until both nodes hold shards: each at least one, together all of them (a lease has one owner). */
    private static void awaitSplit(DatabaseUrl db, int shards, String when) {
        AtomicReference<Map<Integer, String>> last = new AtomicReference<>();
        try {
            Eventually.await(() -> {
                Map<Integer, String> owners = owners(db, shards);
                last.set(owners);
                Set<Integer> ofA = shardsOf(owners, NODE_A);
                Set<Integer> ofB = shardsOf(owners, NODE_B);
                return !ofA.isEmpty() && !ofB.isEmpty() && ofA.size() + ofB.size() == shards;
            }, TAKEOVER, "the shards split between the nodes " + when);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; owners: " + last.get(), e);
        }
    }

    /** Waits until {@code node} holds a live lease on every shard; answers how long that took. */
    private static Duration awaitOnlyOwner(DatabaseUrl db, int shards, String node, String when) {
        long start = System.nanoTime();
        AtomicReference<Map<Integer, String>> last = new AtomicReference<>();
        try {
            Eventually.await(() -> {
                Map<Integer, String> owners = owners(db, shards);
                last.set(owners);
                return shardsOf(owners, node).size() == shards;
            }, TAKEOVER, node + " holding every shard " + when);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; owners: " + last.get(), e);
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** Whether a lease owner is {@code node}: a node holds its leases under its configured id and a suffix of each start. */
    private static boolean ownedBy(String owner, String node) {
        return owner != null && owner.startsWith(node + "/");
    }

    private static Set<Integer> shardsOf(Map<Integer, String> owners, String node) {
        Set<Integer> held = new TreeSet<>();
        owners.forEach((shard, owner) -> {
            if (ownedBy(owner, node)) {
                held.add(shard);
            }
        });
        return held;
    }

    // ---------------------------------------------------------------- organizations and tasks

    /** Registers organizations until their tenants fall into every shard; one of each shard is kept, with a case. */
    private static List<Org> orgsCoveringEveryShard(Http http, int shards) {
        Map<Integer, Org> byShard = new TreeMap<>();
        for (int i = 0; i < 60 && byShard.size() < shards; i++) {
            Org org = register(http, "Handover " + i, shards);
            byShard.putIfAbsent(org.shard(), org);
        }
        assertEquals(shards, byShard.size(), "organizations in every shard");
        return new ArrayList<>(byShard.values());
    }

    private static Org register(Http http, String name, int shards) {
        Http.Response r = http.post("/api/v1/auth/register", new JsonObject().put("organizationName", name)
                .put("email", "admin-" + UUID.randomUUID() + "@example.test").put("password", "correct horse battery staple")
                .put("fullName", name + " Admin"), null);
        assertEquals(201, r.status(), r::toString);
        String tenant = r.json().getJsonObject("organization").getString("id");
        String token = r.json().getString("accessToken");
        Http.Response c = http.post("/api/v1/cases", new JsonObject().put("title", name + " case"), token);
        assertEquals(201, c.status(), c::toString);
        return new Org(tenant, token, c.json().getString("id"), Shards.of(UUID.fromString(tenant), shards));
    }

    private static String createTask(Http http, Org org, String title) {
        Http.Response r = http.post("/api/v1/tasks", new JsonObject().put("title", title).put("caseId", org.caseId()), org.token());
        assertEquals(201, r.status(), r::toString);
        return r.json().getString("id");
    }

    private static String taskCreatedEvent(DatabaseUrl db, Org org, String task) {
        try (SuperuserSql sql = new SuperuserSql(db)) {
            String id = sql.text("SELECT id::text FROM outbox WHERE tenant_id = ?::uuid AND type = 'task.created' AND payload->>'entityId' = ?",
                    org.tenant(), task);
            assertTrue(id != null, "the task.created event of " + task);
            return id;
        }
    }

    /** Creates tasks through one node, round robin over the organizations, until told to stop. */
    private static void writeTasks(int port, List<Org> orgs, ConcurrentLinkedQueue<Ack> acks, AtomicInteger refused, AtomicBoolean stop) {
        try (Http http = new Http(port)) {
            for (int i = 0; !stop.get(); i++) {
                Org org = orgs.get(i % orgs.size());
                try {
                    Http.Response r = http.post("/api/v1/tasks", new JsonObject().put("title", "Handover task " + i).put("caseId", org.caseId()),
                            org.token());
                    if (r.status() == 201) {
                        acks.add(new Ack(org, r.json().getString("id")));
                    } else {
                        refused.incrementAndGet();
                    }
                } catch (IllegalStateException e) {
                    refused.incrementAndGet();
                }
            }
        }
    }

    private static void log(long began, String what) {
        System.out.printf("%d ms: %s%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began), what);
    }
}
