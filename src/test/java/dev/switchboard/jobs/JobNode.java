package dev.switchboard.jobs;

import dev.switchboard.platform.config.DatabaseUrl;
import dev.switchboard.platform.config.DbConfig;
import dev.switchboard.platform.config.JobsConfig;
import dev.switchboard.platform.db.DatabaseBootstrap;
import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.db.PoolFactory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * One simulated server node for queue tests: its own Vert.x, pool and job worker, over a shared database. It keeps
 * itself live in the event log's node liveness from construction until it is closed or killed, as a server's event
 * consumers do.
 */
final class JobNode implements AutoCloseable {

    /** How long a node not seen counts as alive; it renews three times as often. */
    static final Duration NODE_TTL = Duration.ofSeconds(1);
    private static final String RENEW = "SELECT count(*) FROM event_leases_renew($1, 1, make_interval(secs => $2))";

    final Vertx vertx = Vertx.vertx();
    final Pool pool;
    final Db db;
    final JobHandlers handlers;
    final JobQueue queue;
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final String node = "job-node-" + UUID.randomUUID();
    private final Clock clock;
    private final JobsConfig config;
    JobWorker worker;
    private String deployment;

    JobNode(DatabaseUrl database, Clock clock, JobsConfig config, JobHandlers handlers) {
        this.pool = PoolFactory.create(vertx, DatabaseBootstrap.prepare(database, new DbConfig(null, null, 4, 1, null, null), false), 6);
        this.db = new Db(pool);
        this.clock = clock;
        this.config = config;
        this.handlers = handlers;
        this.queue = new JobQueue(vertx, handlers, clock);
        await(renew());
        vertx.setPeriodic(NODE_TTL.toMillis() / 3, id -> renew());
    }

    private Future<?> renew() {
        return pool.preparedQuery(RENEW).execute(Tuple.of(node, NODE_TTL.toMillis() / 1000.0));
    }

    JobNode start() {
        worker = new JobWorker(db, handlers, new JobMetrics(registry, handlers), clock, config, node, NODE_TTL);
        deployment = await(vertx.deployVerticle(worker));
        return this;
    }

    Future<Void> stopWorker() {
        return vertx.undeploy(deployment);
    }

    void wake() {
        vertx.eventBus().send(JobWorker.WAKE_ADDRESS, null);
    }

    /** Dies without a word: the pool goes first, so nothing more reaches the database. */
    void kill() {
        pool.close();
        vertx.close();
    }

    @Override
    public void close() {
        try {
            await(pool.close());
        } catch (RuntimeException ignored) {
            // already closed by kill()
        }
        await(vertx.close());
    }

    static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
