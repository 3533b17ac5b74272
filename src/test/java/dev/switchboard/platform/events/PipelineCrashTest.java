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
import dev.switchboard.webhooks.outbound.WebhookSignature;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The event pipeline across {@code kill -9}: a forked server takes mixed writes from several clients (tasks assigned
 * to a colleague on a case, notes, case stage moves, conversation messages, signed tenant webhooks) while it is
 * killed and restarted on the same database several times. Once every work consumer caught up, every write that was
 * acknowledged with 2xx has each of its effects exactly once: its timeline entry, its notification, the workflow run
 * its event triggers, and its outbound webhook delivery job; nothing was parked.
 *
 * <p>Two effects sit after the log's consumers and are at-least-once or at-most-once by design, and are checked as
 * such: an HTTP delivery that a kill cut off between the receiver's answer and the job's success is sent again
 * (same {@code webhook-id}, so a receiver dedupes it), and a workflow step a kill interrupted mid-way is not repeated
 * (its run fails as interrupted).
 */
class PipelineCrashTest {

    private static final int ORGS = 3;
    private static final int KILLS = 3;
    private static final List<String> SUBSCRIBED = List.of("task.created", "note.created", "case.status_changed", "message.received",
            "webhook.received");
    private static final String AUTOMATED_NOTE = "<p>Logged by automation</p>";

    /** One organization as the writers use it. */
    private record Org(int n, String tenant, String slug, String token, String agent, String workflow, String endpoint, String hook,
                       String hookSecret, List<String> cases, String conversation) {
    }

    /** A write the server acknowledged with 2xx: what was written ({@code id}) and where ({@code parent}). */
    private record Ack(Kind kind, Org org, String id, String parent) {
        @Override
        public String toString() {
            return kind + " " + id + (parent == null ? "" : " on " + parent) + " (org " + org.n() + ")";
        }
    }

    private enum Kind { TASK, NOTE, CASE, STAGE, MESSAGE, HOOK }

    @Test
    void everyAcknowledgedWriteHasEachEffectExactlyOnceAcrossRepeatedKill9s() throws Exception {
        long began = System.nanoTime();
        DatabaseUrl db = TestDatabase.newDatabase();
        EventLogProbe probe = new EventLogProbe(db);
        try (DeliveryCounter receiver = new DeliveryCounter();
             ForkedServer server = new ForkedServer("pipeline-crash", ForkedServer.env(db))) {
            System.out.printf("%d s: database ready%n", seconds(began));
            server.startAndAwaitReady();
            System.out.printf("%d s: server ready%n", seconds(began));
            List<Org> orgs = new ArrayList<>();
            for (int i = 0; i < ORGS; i++) {
                orgs.add(arrange(server.http(), db, receiver, i));
            }

            Writes writes = new Writes();
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService writers = Executors.newFixedThreadPool(ORGS);
            List<Future<?>> running = new ArrayList<>();
            for (Org org : orgs) {
                running.add(writers.submit(() -> write(server.port(), org, writes, stop)));
            }
            System.out.printf("%d s: arranged, writing%n", seconds(began));
            try {
                Random random = new Random();
                for (int kill = 0; kill < KILLS; kill++) {
                    int before = writes.acks.size();
                    Thread.sleep(1000 + random.nextInt(2000));
                    server.kill();
                    System.out.printf("%d s: kill %d after %d acknowledged writes, %d since the server was ready%n", seconds(began),
                            kill + 1, writes.acks.size(), writes.acks.size() - before);
                    writes.kills.incrementAndGet();
                    server.startAndAwaitReady();
                    System.out.printf("%d s: restarted%n", seconds(began));
                }
                Thread.sleep(1500);
            } finally {
                stop.set(true);
                writers.shutdown();
                assertTrue(writers.awaitTermination(60, TimeUnit.SECONDS), "writers stopped");
            }
            for (Future<?> f : running) {
                f.get();
            }
            List<Ack> acks = new ArrayList<>(writes.acks);
            System.out.println("acknowledged: " + countByKind(acks) + "; refused: " + writes.refused + "; writes phase ended after "
                    + seconds(began) + " s");
            assertTrue(writes.unexpected.isEmpty(), () -> "writes refused for a reason other than the kills: " + writes.unexpected);
            for (Kind kind : Kind.values()) {
                assertTrue(acks.stream().anyMatch(a -> a.kind() == kind), "no " + kind + " write was acknowledged");
            }
            assertTrue(writes.acksAfterLastKill.get() > 0, "writes were acknowledged after the last restart");

            try {
                Eventually.await(() -> drained(server, probe, db), Duration.ofSeconds(60), "every consumer caught up and every job finished");
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + ": " + state(server, probe, db), e);
            }
            System.out.println("drained after " + seconds(began) + " s; " + receiver.total() + " deliveries received");

            List<String> missing = new ArrayList<>();
            try (SuperuserSql sql = new SuperuserSql(db)) {
                for (Ack ack : acks) {
                    missing.addAll(check(sql, receiver, ack));
                }
                missing.addAll(checkEveryEvent(sql, receiver, orgs));
            }
            if (probe.parked() > 0) {
                missing.add(probe.parked() + " parked events: " + TestDatabase.queryLong(db, "SELECT count(DISTINCT event_id) FROM parked_events")
                        + " distinct; see parked_events");
            }
            for (Org org : orgs) {
                Http.Response parked = server.http().get("/api/v1/events/parked", org.token());
                assertEquals(200, parked.status(), parked::toString);
                if (!parked.items().isEmpty()) {
                    missing.add("org " + org.n() + " lists parked events: " + parked.items());
                }
            }
            if (!missing.isEmpty()) {
                fail(missing.size() + " effects missing or duplicated (of " + acks.size() + " acknowledged writes):\n  "
                        + String.join("\n  ", missing.subList(0, Math.min(missing.size(), 200))));
            }
            System.out.println("passed after " + seconds(began) + " s");
        }
    }

    // ---------------------------------------------------------------- arranging

    private static Org arrange(Http http, DatabaseUrl db, DeliveryCounter receiver, int n) {
        JsonObject session = created(http.post("/api/v1/auth/register", new JsonObject().put("organizationName", "Crash Pipeline " + n)
                .put("email", "admin-" + UUID.randomUUID() + "@example.test").put("password", "correct horse battery staple")
                .put("fullName", "Admin " + n), null));
        String token = session.getString("accessToken");
        String tenant = session.getJsonObject("organization").getString("id");
        JsonObject invite = created(http.post("/api/v1/invites", new JsonObject().put("email", "agent-" + UUID.randomUUID() + "@example.test")
                .put("role", "agent"), token));
        String agent = created(http.post("/api/v1/invites/accept", new JsonObject().put("token", invite.getString("token"))
                .put("fullName", "Agent " + n).put("password", "correct horse battery staple"), null))
                .getJsonObject("user").getString("id");
        String workflow = created(http.post("/api/v1/workflows", new JsonObject().put("name", "Note every task").put("enabled", true)
                .put("definition", new JsonObject().put("trigger", new JsonObject().put("type", "task.created"))
                        .put("conditions", new JsonArray())
                        .put("actions", new JsonArray().add(new JsonObject().put("type", "add_note").put("body", AUTOMATED_NOTE)))),
                token)).getString("id");
        String endpoint = created(http.post("/api/v1/webhook-endpoints", new JsonObject().put("url", receiver.url("/org-" + n))
                .put("eventTypes", new JsonArray(SUBSCRIBED)), token)).getString("id");
        JsonObject hook = created(http.post("/api/v1/inbound-webhooks", new JsonObject().put("name", "crash hook " + n), token));
        String contact = created(http.post("/api/v1/contacts", new JsonObject().put("firstName", "Casey").put("lastName", "Crash " + n)
                .put("email", "contact-" + UUID.randomUUID() + "@example.test"), token)).getString("id");
        String conversation = created(http.post("/api/v1/conversations", new JsonObject().put("channel", "email")
                .put("subject", "Crash " + n).put("contactId", contact), token)).getString("id");
        List<String> cases = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            cases.add(created(http.post("/api/v1/cases", new JsonObject().put("title", "Crash case " + n + "." + i), token)).getString("id"));
        }
        String slug;
        try (SuperuserSql sql = new SuperuserSql(db)) {
            slug = sql.text("SELECT slug FROM organizations WHERE id = ?::uuid", tenant);
        }
        return new Org(n, tenant, slug, token, agent, workflow, endpoint, hook.getString("id"), hook.getString("secret"), cases,
                conversation);
    }

    private static JsonObject created(Http.Response r) {
        assertEquals(201, r.status(), r::toString);
        return r.json();
    }

    // ---------------------------------------------------------------- writing

    /** What the writers share: acknowledged writes, and what was refused. */
    private static final class Writes {
        final ConcurrentLinkedQueue<Ack> acks = new ConcurrentLinkedQueue<>();
        final Map<String, AtomicInteger> refused = new ConcurrentHashMap<>();
        final ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
        final AtomicInteger kills = new AtomicInteger();
        final AtomicInteger acksAfterLastKill = new AtomicInteger();

        void ack(Ack ack) {
            acks.add(ack);
            if (kills.get() == KILLS) {
                acksAfterLastKill.incrementAndGet();
            }
        }

        void refuse(String why) {
            refused.computeIfAbsent(why, k -> new AtomicInteger()).incrementAndGet();
        }
    }

    /** Writes as one organization's admin until told to stop; only 2xx answers count as acknowledged. */
    private static void write(int port, Org org, Writes writes, AtomicBoolean stop) {
        Random random = new Random();
        try (Http http = new Http(port)) {
            int i = 0;
            while (!stop.get()) {
                i++;
                Kind kind = switch (random.nextInt(5)) {
                    case 0 -> Kind.TASK;
                    case 1 -> Kind.NOTE;
                    case 2 -> Kind.STAGE;
                    case 3 -> Kind.MESSAGE;
                    default -> Kind.HOOK;
                };
                String aCase = org.cases().get(random.nextInt(org.cases().size()));
                try {
                    switch (kind) {
                        case TASK -> {
                            Http.Response r = http.post("/api/v1/tasks", new JsonObject().put("title", "Task " + org.n() + "." + i)
                                    .put("caseId", aCase).put("assigneeUserId", org.agent()), org.token());
                            if (answered(writes, kind, r, 201)) {
                                writes.ack(new Ack(kind, org, r.json().getString("id"), aCase));
                            }
                        }
                        case NOTE -> {
                            Http.Response r = http.post("/api/v1/notes", new JsonObject().put("entityType", "case").put("entityId", aCase)
                                    .put("body", "<p>Note " + org.n() + "." + i + "</p>").put("visibility", "org"), org.token());
                            if (answered(writes, kind, r, 201)) {
                                writes.ack(new Ack(kind, org, r.json().getString("id"), aCase));
                            }
                        }
                        case STAGE -> {
                            Http.Response c = http.post("/api/v1/cases", new JsonObject().put("title", "Moved " + org.n() + "." + i),
                                    org.token());
                            if (!answered(writes, Kind.CASE, c, 201)) {
                                break;
                            }
                            String id = c.json().getString("id");
                            writes.ack(new Ack(Kind.CASE, org, id, null));
                            Http.Response r = http.post("/api/v1/cases/" + id + "/status", new JsonObject().put("stage", "qualified"),
                                    org.token());
                            if (answered(writes, kind, r, 200)) {
                                writes.ack(new Ack(kind, org, id, null));
                            }
                        }
                        case MESSAGE -> {
                            Http.Response r = http.post("/api/v1/conversations/" + org.conversation() + "/messages", new JsonObject()
                                    .put("direction", "inbound").put("body", "Message " + org.n() + "." + i), org.token());
                            if (answered(writes, kind, r, 201)) {
                                writes.ack(new Ack(kind, org, r.json().getString("id"), org.conversation()));
                            }
                        }
                        case HOOK -> {
                            String id = "msg_" + UUID.randomUUID();
                            String body = new JsonObject().put("order", i).put("org", org.n()).encode();
                            long now = Instant.now().getEpochSecond();
                            Http.Response r = http.send(HttpMethod.POST, "/webhooks/in/" + org.slug() + "/" + org.hook(), null,
                                    Buffer.buffer(body.getBytes(StandardCharsets.UTF_8)), Map.of("webhook-id", id,
                                            "webhook-timestamp", Long.toString(now),
                                            "webhook-signature", WebhookSignature.sign(org.hookSecret(), id, now, body)));
                            if (answered(writes, kind, r, 202)) {
                                writes.ack(new Ack(kind, org, id, org.hook()));
                            }
                        }
                        default -> throw new IllegalStateException(kind.toString());
                    }
                } catch (IllegalStateException e) {
                    // no answer: the server is down or was killed while the request was in flight
                    writes.refuse(kind + " without an answer");
                    sleep(20);
                }
            }
        }
    }

    /** True for the expected 2xx; a 5xx counts as refused (the server may be going down); anything else is a test defect. */
    private static boolean answered(Writes writes, Kind kind, Http.Response r, int expected) {
        if (r.status() == expected) {
            return true;
        }
        if (r.status() >= 500) {
            writes.refuse(kind + " " + r.status());
        } else {
            writes.unexpected.add(kind + " " + r);
        }
        return false;
    }

    // ---------------------------------------------------------------- waiting

    /** Nothing left to do, and the log's head did not move while that was checked. */
    private static boolean drained(ForkedServer server, EventLogProbe probe, DatabaseUrl db) {
        long head = count(db, "SELECT head FROM event_log_state");
        return count(db, "SELECT count(*) FROM jobs WHERE status IN ('queued', 'running')") == 0
                && probe.unpositioned() == 0
                && probe.behind().isEmpty()
                && EventLogProbe.caughtUp(server.metrics())
                && count(db, "SELECT count(*) FROM jobs WHERE status IN ('queued', 'running')") == 0
                && count(db, "SELECT head FROM event_log_state") == head;
    }

    private static String state(ForkedServer server, EventLogProbe probe, DatabaseUrl db) {
        return "jobs waiting " + count(db, "SELECT count(*) FROM jobs WHERE status IN ('queued', 'running')")
                + ", unpositioned " + probe.unpositioned() + ", behind " + probe.behind()
                + ", lag " + EventLogProbe.lag(server.metrics());
    }

    // ---------------------------------------------------------------- checking

    /** What is missing or duplicated for one acknowledged write; empty when each effect is there exactly once. */
    private static List<String> check(SuperuserSql db, DeliveryCounter receiver, Ack ack) {
        List<String> problems = new ArrayList<>();
        String t = ack.org().tenant();
        switch (ack.kind()) {
            case TASK -> {
                String event = onlyEvent(db, problems, ack, "task.created", ack.id());
                expect(problems, ack, "timeline entry 'task.created' on its case", timeline(db, t, "case", ack.parent(), "task.created", ack.id()));
                expect(problems, ack, "notification to the assignee", db.count("SELECT count(*) FROM notifications WHERE tenant_id = ?::uuid "
                        + "AND user_id = ?::uuid AND entity_type = 'task' AND entity_id = ?::uuid", t, ack.org().agent(), ack.id()));
                expect(problems, ack, "times notified (notification count)", db.count("SELECT coalesce(sum(count), 0) FROM notifications "
                        + "WHERE tenant_id = ?::uuid AND user_id = ?::uuid AND entity_type = 'task' AND entity_id = ?::uuid",
                        t, ack.org().agent(), ack.id()));
                if (event != null) {
                    expect(problems, ack, "workflow run of its task.created event", db.count("SELECT count(*) FROM workflow_runs "
                            + "WHERE tenant_id = ?::uuid AND workflow_id = ?::uuid AND event_id = ?::uuid", t, ack.org().workflow(), event));
                    delivered(db, receiver, problems, ack.toString(), t, event);
                }
            }
            case NOTE -> {
                String event = onlyEvent(db, problems, ack, "note.created", ack.id());
                expect(problems, ack, "timeline entry 'note.created' on its case", timeline(db, t, "case", ack.parent(), "note.created", ack.id()));
                if (event != null) {
                    delivered(db, receiver, problems, ack.toString(), t, event);
                }
            }
            case CASE -> {
                onlyEvent(db, problems, ack, "case.created", ack.id());
                expect(problems, ack, "timeline entry 'case.created'", timeline(db, t, "case", ack.id(), "case.created", ack.id()));
            }
            case STAGE -> {
                String event = onlyEvent(db, problems, ack, "case.status_changed", ack.id());
                expect(problems, ack, "timeline entry 'case.status_changed'", timeline(db, t, "case", ack.id(), "case.status_changed", ack.id()));
                if (event != null) {
                    delivered(db, receiver, problems, ack.toString(), t, event);
                }
            }
            case MESSAGE -> {
                String event = onlyEvent(db, problems, ack, "message.received", ack.id());
                expect(problems, ack, "timeline entry 'message.received' on its conversation",
                        timeline(db, t, "conversation", ack.parent(), "message.received", ack.id()));
                if (event != null) {
                    delivered(db, receiver, problems, ack.toString(), t, event);
                }
            }
            case HOOK -> {
                expect(problems, ack, "stored inbound event", db.count("SELECT count(*) FROM webhook_inbox WHERE provider = 'tenant' "
                        + "AND tenant_id = ?::uuid AND event_id = ?", t, ack.id()));
                expect(problems, ack, "processed inbound event", db.count("SELECT count(*) FROM webhook_inbox WHERE provider = 'tenant' "
                        + "AND tenant_id = ?::uuid AND event_id = ? AND status = 'processed'", t, ack.id()));
                String inbox = db.text("SELECT id::text FROM webhook_inbox WHERE provider = 'tenant' AND tenant_id = ?::uuid AND event_id = ?",
                        t, ack.id());
                if (inbox != null) {
                    String event = onlyEvent(db, problems, ack, "webhook.received", inbox);
                    if (event != null) {
                        delivered(db, receiver, problems, ack.toString(), t, event);
                    }
                }
            }
            default -> throw new IllegalStateException(ack.kind().toString());
        }
        return problems;
    }

    /**
     * Checks over every event of the test's organizations, acknowledged or not (a write whose answer the kill swallowed
     * still committed its event): each subscribed event has one delivery job that succeeded, each task.created one
     * workflow run that ran its note at most once (exactly once unless a kill interrupted the step), and no job is dead.
     */
    private static List<String> checkEveryEvent(SuperuserSql db, DeliveryCounter receiver, List<Org> orgs) {
        List<String> problems = new ArrayList<>();
        for (Org org : orgs) {
            String t = org.tenant();
            for (String[] e : db.rows("SELECT id::text, type, payload->>'entityId' FROM outbox WHERE tenant_id = ?::uuid "
                    + "AND type = ANY (string_to_array(?, ','))", t, String.join(",", SUBSCRIBED))) {
                delivered(db, receiver, problems, e[1] + " event " + e[0] + " of " + e[2] + " (org " + org.n() + ")", t, e[0]);
            }
            for (String[] e : db.rows("SELECT id::text, payload->>'entityId' FROM outbox WHERE tenant_id = ?::uuid AND type = 'task.created'", t)) {
                String what = "task.created event " + e[0] + " of task " + e[1] + " (org " + org.n() + ")";
                List<String[]> runs = db.rows("SELECT status, coalesce(error, '') FROM workflow_runs WHERE tenant_id = ?::uuid "
                        + "AND workflow_id = ?::uuid AND event_id = ?::uuid", t, org.workflow(), e[0]);
                if (runs.size() != 1) {
                    problems.add(what + ": " + runs.size() + " workflow runs, expected 1");
                    continue;
                }
                long notes = db.count("SELECT count(*) FROM notes WHERE tenant_id = ?::uuid AND entity_type = 'task' AND entity_id = ?::uuid",
                        t, e[1]);
                String status = runs.get(0)[0];
                boolean interrupted = "failed".equals(status) && runs.get(0)[1].contains("interrupted");
                if ("succeeded".equals(status) ? notes != 1 : !interrupted || notes > 1) {
                    problems.add(what + ": run " + status + " " + runs.get(0)[1] + " with " + notes + " automated notes");
                } else if (interrupted) {
                    System.out.println("a kill interrupted the run of " + what + " mid-step (" + notes + " note): allowed, at most once");
                }
                expect(problems, what, "timeline entries on its case", db.count("SELECT count(*) FROM timeline_entries "
                        + "WHERE tenant_id = ?::uuid AND record_type = 'case' AND type = 'task.created' AND entity_id = ?::uuid", t, e[1]));
            }
        }
        long dead = db.count("SELECT count(*) FROM jobs WHERE status = 'dead'");
        if (dead > 0) {
            problems.add(dead + " dead jobs: " + db.rows("SELECT kind, coalesce(last_error, '') FROM jobs WHERE status = 'dead'").stream()
                    .map(r -> r[0] + ": " + r[1]).toList());
        }
        return problems;
    }

    /** The one event of {@code type} for {@code entityId}, or null after noting that there was none or more than one. */
    private static String onlyEvent(SuperuserSql db, List<String> problems, Ack ack, String type, String entityId) {
        List<String[]> events = db.rows("SELECT id::text FROM outbox WHERE tenant_id = ?::uuid AND type = ? AND payload->>'entityId' = ?",
                ack.org().tenant(), type, entityId);
        if (events.size() != 1) {
            problems.add(ack + ": " + events.size() + " " + type + " events, expected 1");
            return null;
        }
        return events.get(0)[0];
    }

    /**
     * One delivery job for the event, succeeded, and the receiver got the event: once, or more than once only when the
     * job ran again after a kill (at-least-once delivery; the receiver dedupes by webhook-id).
     */
    private static void delivered(SuperuserSql db, DeliveryCounter receiver, List<String> problems, String what, String tenant, String event) {
        List<String[]> jobs = db.rows("SELECT status, attempts::text FROM jobs WHERE tenant_id = ?::uuid AND kind = 'webhook.deliver' "
                + "AND payload->>'eventId' = ?", tenant, event);
        int received = receiver.count(event);
        if (jobs.size() != 1) {
            problems.add(what + ": " + jobs.size() + " delivery jobs, expected 1 (received " + received + " times)");
            return;
        }
        int attempts = Integer.parseInt(jobs.get(0)[1]);
        if (!"succeeded".equals(jobs.get(0)[0]) || received < 1 || received > 1 && received > attempts) {
            problems.add(what + ": delivery job " + jobs.get(0)[0] + " after " + attempts + " attempts, received " + received + " times");
        } else if (received > 1) {
            System.out.println(what + ": delivered " + received + " times by a job that ran " + attempts + " times (retried after a kill)");
        }
    }

    private static long timeline(SuperuserSql db, String tenant, String recordType, String recordId, String type, String entityId) {
        return db.count("SELECT count(*) FROM timeline_entries WHERE tenant_id = ?::uuid AND record_type = ? AND record_id = ?::uuid "
                + "AND type = ? AND entity_id = ?::uuid", tenant, recordType, recordId, type, entityId);
    }

    private static void expect(List<String> problems, Object what, String effect, long found) {
        if (found != 1) {
            problems.add(what + ": " + found + " × " + effect + ", expected 1");
        }
    }

    // ---------------------------------------------------------------- database

    private static long count(DatabaseUrl db, String sql, Object... params) {
        return TestDatabase.queryLong(db, sql, params);
    }

    private static Map<Kind, Integer> countByKind(List<Ack> acks) {
        Map<Kind, Integer> counts = new TreeMap<>();
        acks.forEach(a -> counts.merge(a.kind(), 1, Integer::sum));
        return counts;
    }

    private static long seconds(long since) {
        return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - since);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
