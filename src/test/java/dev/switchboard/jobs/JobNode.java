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
import java.time.Clock;
import java.util.concurrent.TimeUnit;

/** One simulated server node for queue tests: its own Vert.x, pool and job worker, over a shared database. */
final class JobNode implements AutoCloseable {

    final Vertx vertx = Vertx.vertx();
    final Pool pool;
    final Db db;
    final JobHandlers handlers;
    final JobQueue queue;
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
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
    }

    JobNode start() {
        worker = new JobWorker(db, handlers, new JobMetrics(registry, handlers), clock, config);
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
