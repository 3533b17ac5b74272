package dev.switchboard.platform.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Batches on wake-ups: at once from idle; after the linger when the wake-up came during a batch. */
class PollingWorkerTest {

    private static final String WAKE = "test.polling.wake";
    private static final Duration LINGER = Duration.ofSeconds(2);

    private final Vertx vertx = Vertx.vertx();
    private final List<Long> started = new CopyOnWriteArrayList<>();
    private final List<Promise<Integer>> running = new CopyOnWriteArrayList<>();
    private volatile Context workerContext;

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private final class Worker extends PollingWorker {
        Worker() {
            super("test worker", Duration.ofHours(1), WAKE, 10, LINGER);
        }

        @Override
        protected Future<Integer> runBatch(int limit) {
            workerContext = Vertx.currentContext();
            started.add(System.nanoTime());
            Promise<Integer> batch = Promise.promise();
            running.add(batch);
            return batch.future();
        }
    }

    @Test
    void aWakeUpDuringABatchIsTakenByABatchAfterTheLingerAndOneFromIdleAtOnce() throws Exception {
        vertx.deployVerticle(new Worker()).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        awaitBatches(1); // the batch at start
        finish(0, 0);
        Thread.sleep(100);

        long woken = System.nanoTime();
        vertx.eventBus().send(WAKE, null);
        awaitBatches(2);
        assertTrue(started.get(1) - woken < LINGER.toNanos() / 2, "from idle the wake-up runs a batch at once");

        vertx.eventBus().send(WAKE, null);
        vertx.eventBus().send(WAKE, null);
        long finished = System.nanoTime();
        finish(1, 3);
        awaitBatches(3);
        assertTrue(started.get(2) - finished >= LINGER.toNanos(), "woken during a batch, the next one waits for the linger");
        vertx.eventBus().send(WAKE, null);
        Thread.sleep(200);
        assertEquals(3, started.size(), "a wake-up during the batch waits for it to end");
        finish(2, 0);
        awaitBatches(4);
        finish(3, 0);
    }

    /** On the worker's event loop, behind the wake-ups sent before (the event bus queues them there as they are sent). */
    private void finish(int batch, int processed) {
        workerContext.runOnContext(v -> running.get(batch).complete(processed));
    }

    private void awaitBatches(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (started.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(count, started.size(), "batches started");
    }
}
