package dev.switchboard.jobs;

import static dev.switchboard.jobs.JobNode.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.platform.config.DatabaseUrl;
import dev.switchboard.platform.config.JobsConfig;
import dev.switchboard.platform.db.DatabaseBootstrap;
import dev.switchboard.testing.MutableClock;
import dev.switchboard.testing.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL job queue with several workers on separate "nodes" (own Vert.x and pool, one
 * database): each job runs once, a dead worker's job is picked up after its lease, failures back off
 * and end in the dead letters, a stopping worker gives back what it has not started.
 */
class JobQueueTest {

    private static final String EFFECT = "INSERT INTO job_effects (job_id, worker) VALUES ($1, $2)";

    private static DatabaseUrl database;
    private final List<JobNode> nodes = new ArrayList<>();

    @BeforeAll
    static void createDatabase() throws Exception {
        database = TestDatabase.newDatabase();
        try (Connection c = TestDatabase.connect(database); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE job_effects (job_id uuid PRIMARY KEY, worker text NOT NULL)");
            st.execute("GRANT SELECT, INSERT ON job_effects TO " + DatabaseBootstrap.APP_ROLE);
        }
    }

    @AfterEach
    void stopNodes() {
        nodes.forEach(node -> {
            try {
                node.close();
            } catch (RuntimeException ignored) {
                // a killed node is already gone
            }
        });
    }

    @Test
    void everyOneOfAThousandDueJobsRunsExactlyOnceAcrossTwoNodes() throws Exception {
        AtomicInteger duplicates = new AtomicInteger();
        List<JobNode> pair = List.of(node(Clock.systemUTC(), config(50, 10, Duration.ofSeconds(30)), "effect"),
                node(Clock.systemUTC(), config(50, 10, Duration.ofSeconds(30)), "effect"));
        for (JobNode node : pair) {
            node.handlers.register("effect", job -> node.db.withoutTenant(conn -> conn.preparedQuery(EFFECT)
                            .execute(Tuple.of(job.id(), node.worker.workerId())))
                    .onFailure(err -> duplicates.incrementAndGet()).mapEmpty());
        }
        pair.forEach(JobNode::start);
        List<UUID> tenants = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        for (int t = 0; t < tenants.size(); t++) {
            UUID tenant = tenants.get(t);
            int count = t == 0 ? 334 : 333;
            await(pair.get(0).db.inTenant(tenant, conn -> {
                Future<UUID> chain = Future.succeededFuture();
                for (int i = 0; i < count; i++) {
                    int n = i;
                    chain = chain.compose(v -> pair.get(0).queue.enqueue(conn, tenant, NewJob.of("effect", new JsonObject().put("n", n))));
                }
                return chain;
            }));
        }

        waitUntil(Duration.ofSeconds(60), () -> count("SELECT count(*) FROM jobs WHERE kind = 'effect' AND status = 'succeeded'") == 1000);

        assertEquals(1000, count("SELECT count(*) FROM job_effects"));
        assertEquals(0, duplicates.get(), "a job ran twice");
        assertEquals(1000, count("SELECT count(*) FROM jobs WHERE kind = 'effect' AND attempts = 1"));
        for (JobNode node : pair) {
            assertTrue(count("SELECT count(*) FROM job_effects WHERE worker = '" + node.worker.workerId() + "'") > 0,
                    "both workers took a share");
        }
    }

    @Test
    void aJobWhoseWorkerDiedRunsAgainOnAnotherNodeAfterTheVisibilityTimeout() throws Exception {
        JobsConfig lease = config(50, 5, Duration.ofMillis(1500));
        JobNode doomed = node(Clock.systemUTC(), lease, "hang");
        doomed.handlers.register("hang", job -> Promise.<Void>promise().future());
        doomed.start();
        UUID tenant = UUID.randomUUID();
        UUID id = await(doomed.db.inTenant(tenant, conn -> doomed.queue.enqueue(conn, tenant, NewJob.of("hang", new JsonObject()))));
        waitUntil(Duration.ofSeconds(10), () -> count("SELECT count(*) FROM jobs WHERE id = '" + id + "' AND status = 'running'") == 1);
        doomed.kill();

        JobNode survivor = node(Clock.systemUTC(), lease, "hang");
        survivor.handlers.register("hang", job -> survivor.db.withoutTenant(conn -> conn.preparedQuery(EFFECT)
                .execute(Tuple.of(job.id(), survivor.worker.workerId()))).mapEmpty());
        survivor.start();
        Instant started = Instant.now();

        waitUntil(Duration.ofSeconds(15), () -> count("SELECT count(*) FROM jobs WHERE id = '" + id + "' AND status = 'succeeded'") == 1);
        Map<String, Object> job = row("SELECT attempts, locked_by FROM jobs WHERE id = '" + id + "'");
        assertEquals(2, job.get("attempts"));
        assertEquals(survivor.worker.workerId(), job.get("locked_by"));
        assertEquals(1, count("SELECT count(*) FROM job_effects WHERE job_id = '" + id + "'"));
        assertTrue(Duration.between(started, Instant.now()).toMillis() < 10_000);
    }

    @Test
    void aJobWhoseNodeDiedRunsOnceOnAnotherNodeWithinSecondsInsteadOfAfterItsLease() throws Exception {
        JobsConfig lease = config(50, 5, Duration.ofMinutes(5));
        JobNode doomed = node(Clock.systemUTC(), lease, "hang");
        doomed.handlers.register("hang", job -> Promise.<Void>promise().future());
        JobNode survivor = node(Clock.systemUTC(), lease, "hang");
        survivor.handlers.register("hang", job -> survivor.db.withoutTenant(conn -> conn.preparedQuery(EFFECT)
                .execute(Tuple.of(job.id(), survivor.worker.workerId()))).mapEmpty());
        doomed.start();
        UUID tenant = UUID.randomUUID();
        UUID id = await(doomed.db.inTenant(tenant, conn -> doomed.queue.enqueue(conn, tenant, NewJob.of("hang", new JsonObject()))));
        waitUntil(Duration.ofSeconds(10), () -> count("SELECT count(*) FROM jobs WHERE id = '" + id + "' AND status = 'running' "
                + "AND locked_node = '" + doomed.node + "'") == 1);
        survivor.start();

        // while its node lives, the job stays with it
        Thread.sleep(JobNode.NODE_TTL.multipliedBy(2).toMillis());
        assertEquals(doomed.worker.workerId(), row("SELECT locked_by FROM jobs WHERE id = '" + id + "'").get("locked_by"));
        doomed.kill();
        Instant killed = Instant.now();

        waitUntil(Duration.ofSeconds(15), () -> count("SELECT count(*) FROM jobs WHERE id = '" + id + "' AND status = 'succeeded'") == 1);
        assertTrue(Duration.between(killed, Instant.now()).toMillis() < 10_000, "well within the 5 minute lease");
        Map<String, Object> job = row("SELECT attempts, locked_by, locked_node FROM jobs WHERE id = '" + id + "'");
        assertEquals(2, job.get("attempts"));
        assertEquals(survivor.worker.workerId(), job.get("locked_by"));
        assertEquals(survivor.node, job.get("locked_node"));
        assertEquals(1, count("SELECT count(*) FROM job_effects WHERE job_id = '" + id + "'"));
    }

    @Test
    void aWorkerWhoseLeaseExpiredCannotRecordTheOutcome() throws Exception {
        MutableClock clock = MutableClock.atNow();
        JobNode node = node(clock, config(50, 5, Duration.ofSeconds(30)), "lease");
        node.handlers.register("lease", job -> Future.succeededFuture());
        UUID tenant = UUID.randomUUID();
        UUID id = await(node.db.inTenant(tenant, conn -> node.queue.enqueue(conn, tenant, NewJob.of("lease", new JsonObject()))));

        List<Job> first = await(node.db.withoutTenant(conn -> JobStore.claim(conn, "worker-a", node.node, JobNode.NODE_TTL, clock.instant(), 30_000, 10)));
        assertEquals(List.of(id), first.stream().map(Job::id).toList());
        assertTrue(await(node.db.withoutTenant(conn -> JobStore.claim(conn, "worker-b", node.node, JobNode.NODE_TTL, clock.instant(), 30_000, 10))).isEmpty(),
                "a leased job is not claimable");
        clock.advance(Duration.ofSeconds(31));
        List<Job> second = await(node.db.withoutTenant(conn -> JobStore.claim(conn, "worker-b", node.node, JobNode.NODE_TTL, clock.instant(), 30_000, 10)));
        assertEquals(List.of(id), second.stream().map(Job::id).toList());

        assertEquals(Boolean.FALSE, await(node.db.inTenant(tenant, conn -> JobStore.succeed(conn, first.get(0), "worker-a", clock.instant()))));
        assertEquals(Boolean.FALSE, await(node.db.inTenant(tenant, conn -> JobStore.succeed(conn, first.get(0), "worker-b", clock.instant()))),
                "an earlier run of the same worker cannot record either");
        assertEquals(Boolean.TRUE, await(node.db.inTenant(tenant, conn -> JobStore.succeed(conn, second.get(0), "worker-b", clock.instant()))));
        assertEquals("worker-b", row("SELECT locked_by FROM jobs WHERE id = '" + id + "'").get("locked_by"));
    }

    @Test
    void failuresBackOffWithJitterAndTheLastAttemptDeadLettersWithItsError() throws Exception {
        MutableClock clock = MutableClock.atNow();
        JobNode node = node(clock, config(50, 5, Duration.ofMinutes(5)), "flaky");
        AtomicInteger runs = new AtomicInteger();
        Backoff backoff = new Backoff(3, Duration.ofSeconds(10), Duration.ofHours(1));
        node.handlers.register("flaky", new JobHandler() {
            @Override
            public Future<Void> run(Job job) {
                return Future.failedFuture(new IllegalStateException("boom " + runs.incrementAndGet()));
            }

            @Override
            public RetryPolicy retryPolicy() {
                return backoff;
            }
        });
        node.start();
        UUID tenant = UUID.randomUUID();
        UUID id = await(node.db.inTenant(tenant, conn -> node.queue.enqueue(conn, tenant, NewJob.of("flaky", new JsonObject()))));
        String where = " FROM jobs WHERE id = '" + id + "'";

        for (int attempt = 1; attempt <= 2; attempt++) {
            int expected = attempt;
            waitUntil(Duration.ofSeconds(10), () -> count("SELECT count(*)" + where + " AND status = 'queued' AND attempts = " + expected) == 1);
            Map<String, Object> job = row("SELECT run_at, last_error" + where);
            long waitMillis = Duration.between(clock.instant(), ((java.sql.Timestamp) job.get("run_at")).toInstant()).toMillis();
            assertTrue(waitMillis >= 0 && waitMillis <= backoff.ceiling(attempt).toMillis(),
                    "attempt " + attempt + " waits " + waitMillis + " ms, within [0, " + backoff.ceiling(attempt) + "]");
            assertEquals("boom " + attempt, job.get("last_error"));
            assertEquals(attempt, runs.get(), "not retried before it is due");
            clock.advance(backoff.ceiling(attempt).plusMillis(1));
            node.wake();
        }

        waitUntil(Duration.ofSeconds(10), () -> count("SELECT count(*)" + where + " AND status = 'dead'") == 1);
        Map<String, Object> dead = row("SELECT attempts, last_error, finished_at" + where);
        assertEquals(3, dead.get("attempts"));
        assertEquals("boom 3", dead.get("last_error"));
        assertNotNull(dead.get("finished_at"));
        assertEquals(3, runs.get());
    }

    @Test
    void aPermanentFailureDeadLettersAtOnce() throws Exception {
        JobNode node = node(Clock.systemUTC(), config(50, 5, Duration.ofMinutes(5)), "doomed");
        node.handlers.register("doomed", job -> Future.failedFuture(JobFailure.permanent("recipient rejected")));
        node.start();
        UUID tenant = UUID.randomUUID();
        UUID id = await(node.db.inTenant(tenant, conn -> node.queue.enqueue(conn, tenant, NewJob.of("doomed", new JsonObject()))));

        waitUntil(Duration.ofSeconds(10), () -> count("SELECT count(*) FROM jobs WHERE id = '" + id + "' AND status = 'dead'") == 1);
        Map<String, Object> dead = row("SELECT attempts, last_error FROM jobs WHERE id = '" + id + "'");
        assertEquals(1, dead.get("attempts"));
        assertEquals("recipient rejected", dead.get("last_error"));
    }

    @Test
    void aDedupeKeyEnqueuesOnlyOnce() {
        JobNode node = node(Clock.systemUTC(), config(50, 5, Duration.ofMinutes(5)), "once");
        UUID tenant = UUID.randomUUID();
        NewJob job = NewJob.of("once", new JsonObject()).dedupedBy("reminder:42").delayedBy(Duration.ofHours(1));
        UUID first = await(node.db.inTenant(tenant, conn -> node.queue.enqueue(conn, tenant, job)));
        UUID second = await(node.db.inTenant(tenant, conn -> node.queue.enqueue(conn, tenant, job)));
        UUID otherTenant = await(node.db.inTenant(UUID.randomUUID(), conn -> node.queue.enqueue(conn, UUID.randomUUID(), job))
                .recover(err -> Future.succeededFuture(null)));

        assertEquals(first, second);
        assertNull(otherTenant, "row-level security refuses a job for a tenant other than the transaction's");
    }

    @Test
    void stoppingAWorkerFinishesTheRunningJobAndReleasesTheClaimedOnes() throws Exception {
        JobNode node = node(Clock.systemUTC(), config(50, 1, Duration.ofMinutes(5)), "slow");
        Promise<Void> gate = Promise.promise();
        AtomicInteger started = new AtomicInteger();
        node.handlers.register("slow", job -> {
            started.incrementAndGet();
            return gate.future();
        });
        UUID tenant = UUID.randomUUID();
        await(node.db.inTenant(tenant, conn -> {
            Future<UUID> chain = Future.succeededFuture();
            for (int i = 0; i < 5; i++) {
                chain = chain.compose(v -> node.queue.enqueue(conn, tenant, NewJob.of("slow", new JsonObject())));
            }
            return chain;
        }));
        node.start();
        waitUntil(Duration.ofSeconds(10), () -> started.get() == 1);

        Future<Void> stopped = node.stopWorker();
        Thread.sleep(200);
        assertFalse(stopped.isComplete(), "waits for the running job");
        node.vertx.runOnContext(v -> gate.complete());
        await(stopped);

        assertEquals(1, started.get());
        assertEquals(1, count("SELECT count(*) FROM jobs WHERE kind = 'slow' AND status = 'succeeded'"));
        assertEquals(4, count("SELECT count(*) FROM jobs WHERE kind = 'slow' AND status = 'queued' AND attempts = 0 AND locked_by IS NULL"));
    }

    @Test
    void backoffCeilingDoublesUpToTheCapAndDelaysStayUnderIt() {
        Backoff backoff = new Backoff(10, Duration.ofSeconds(10), Duration.ofMinutes(1));
        assertEquals(List.of(10L, 20L, 40L, 60L, 60L), List.of(1, 2, 3, 4, 5).stream().map(n -> backoff.ceiling(n).toSeconds()).toList());
        for (int i = 0; i < 1000; i++) {
            long delay = backoff.delayAfter(3).toMillis();
            assertTrue(delay >= 0 && delay <= 40_000, "delay " + delay);
        }
        RetrySchedule schedule = new RetrySchedule(List.of(Duration.ofSeconds(5), Duration.ofMinutes(5)));
        assertEquals(3, schedule.maxAttempts());
        assertEquals(Duration.ofSeconds(5), schedule.delayAfter(1));
        assertEquals(Duration.ofMinutes(5), schedule.delayAfter(2));
    }

    private JobNode node(Clock clock, JobsConfig config, String kind) {
        JobNode node = new JobNode(database, clock, config, new JobHandlers(new Backoff(5, Duration.ofSeconds(1), Duration.ofMinutes(1))));
        nodes.add(node);
        return node;
    }

    private static JobsConfig config(long pollMillis, int concurrency, Duration lease) {
        return new JobsConfig(Duration.ofMillis(pollMillis), 20, concurrency, lease, 5, Duration.ofSeconds(1), Duration.ofMinutes(1));
    }

    private static long count(String sql) {
        try (Connection c = TestDatabase.connect(database); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (Exception e) {
            throw new IllegalStateException(sql, e);
        }
    }

    private static Map<String, Object> row(String sql) {
        try (Connection c = TestDatabase.connect(database); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            assertTrue(rs.next(), sql);
            Map<String, Object> out = new java.util.HashMap<>();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                out.put(rs.getMetaData().getColumnName(i), rs.getObject(i));
            }
            return out;
        } catch (Exception e) {
            throw new IllegalStateException(sql, e);
        }
    }

    static void waitUntil(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + timeout);
            }
            Thread.sleep(20);
        }
    }
}
