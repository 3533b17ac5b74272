package dev.switchboard.platform.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Writes of a key wait while one of that key is under way and then go together; each outcome reaches its caller. */
class GroupCommitTest {

    private final Vertx vertx = Vertx.vertx();
    /** Each batch the writer got: its key, its items and the promise that finishes it. */
    private final List<Batch> batches = new CopyOnWriteArrayList<>();

    private record Batch(String key, List<Integer> items, Promise<List<Future<String>>> done) {
    }

    private final GroupCommit<String, Integer, String> group = new GroupCommit<>(vertx, 3, (key, items) -> {
        Promise<List<Future<String>>> done = Promise.promise();
        batches.add(new Batch(key, List.copyOf(items), done));
        return done.future();
    });

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void writesArrivingDuringABatchGoTogetherInBatchesOfAtMostTheLimit() throws Exception {
        List<CompletableFuture<String>> outcomes = new ArrayList<>();
        List<Context> callers = new ArrayList<>();
        List<Context> answeredOn = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 6; i++) {
            Context caller = vertx.getOrCreateContext();
            callers.add(caller);
            int item = i;
            CompletableFuture<String> outcome = new CompletableFuture<>();
            outcomes.add(outcome);
            caller.runOnContext(v -> group.submit("a", item).onComplete(ar -> {
                answeredOn.add(Vertx.currentContext());
                if (ar.succeeded()) {
                    outcome.complete(ar.result());
                } else {
                    outcome.completeExceptionally(ar.cause());
                }
            }));
            if (i == 0) {
                awaitBatches(1); // the first write goes alone, at once
            }
        }
        Thread.sleep(100);
        assertEquals(1, batches.size(), "nothing more is written while the first batch is under way");
        assertEquals(List.of(0), batches.get(0).items());

        finish(0);
        awaitBatches(2);
        assertEquals(List.of(1, 2, 3), batches.get(1).items(), "the waiting writes go together, up to the limit");
        finish(1);
        awaitBatches(3);
        assertEquals(List.of(4, 5), batches.get(2).items());
        finish(2);

        for (int i = 0; i < 6; i++) {
            assertEquals("done " + i, outcomes.get(i).get(10, TimeUnit.SECONDS));
        }
        assertEquals(6, answeredOn.size());
        for (Context context : answeredOn) {
            assertTrue(callers.stream().anyMatch(c -> c == context), "each outcome comes back on a caller's context");
        }
    }

    @Test
    void keysWriteIndependentlyAndAFailedBatchFailsEachOfItsWrites() throws Exception {
        CompletableFuture<Throwable> failedA = new CompletableFuture<>();
        CompletableFuture<String> wroteB = new CompletableFuture<>();
        vertx.runOnContext(v -> {
            group.submit("a", 1).onFailure(failedA::complete);
            group.submit("b", 2).onSuccess(wroteB::complete);
        });
        awaitBatches(2);
        assertEquals(List.of("a", "b"), batches.stream().map(Batch::key).toList(), "a batch of one key does not hold up another's");

        IllegalStateException broken = new IllegalStateException("the database went away");
        batches.get(0).done().fail(broken);
        finish(1);
        assertSame(broken, failedA.get(10, TimeUnit.SECONDS));
        assertEquals("done 2", wroteB.get(10, TimeUnit.SECONDS));

        CompletableFuture<String> after = new CompletableFuture<>();
        vertx.runOnContext(v -> group.submit("a", 3).onSuccess(after::complete));
        awaitBatches(3);
        finish(2);
        assertEquals("done 3", after.get(10, TimeUnit.SECONDS), "the key writes again after a failed batch");
    }

    /** Completes batch {@code i} with one outcome per item. */
    private void finish(int i) {
        Batch batch = batches.get(i);
        List<Future<String>> outcomes = new ArrayList<>();
        batch.items().forEach(item -> outcomes.add(Future.succeededFuture("done " + item)));
        batch.done().complete(outcomes);
    }

    private void awaitBatches(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (batches.size() < n && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(n, batches.size());
    }
}
