package dev.switchboard.load.rest;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * Closed-model load: exactly N loops, each with one request in flight at a time and no think time, from
 * {@link #start} until {@link #finish}. Only requests that start and end inside the window between
 * {@link #startWindow} and {@link #endWindow} are recorded, so a warm-up is simply the time before the window.
 * The loops run on the Vert.x event loop; the window calls come from the driving thread.
 */
public final class ClosedLoop {

    private final int connections;
    private final IntFunction<Future<?>> request;
    private final CountDownLatch done;
    private final Latencies latencies = new Latencies();
    private final Map<Integer, Integer> failures = new TreeMap<>();
    private volatile boolean recording;
    private volatile boolean stopping;
    private long windowStart;
    private double seconds;

    private ClosedLoop(int connections, IntFunction<Future<?>> request) {
        this.connections = connections;
        this.request = request;
        this.done = new CountDownLatch(connections);
    }

    /** Starts {@code connections} loops; loop {@code i} sends {@code request.apply(i)} again and again. */
    public static ClosedLoop start(Vertx vertx, int connections, IntFunction<Future<?>> request) {
        ClosedLoop loop = new ClosedLoop(connections, request);
        vertx.runOnContext(v -> {
            for (int i = 0; i < connections; i++) {
                loop.next(i);
            }
        });
        return loop;
    }

    public void startWindow() {
        windowStart = System.nanoTime();
        recording = true;
    }

    /** Ends the window; its length in seconds. */
    public double endWindow() {
        recording = false;
        seconds = (System.nanoTime() - windowStart) / 1e9;
        return seconds;
    }

    /** Stops the loops (each after its request in flight, at most 30 s) and summarises the window. */
    public Window finish(String name) throws InterruptedException {
        stopping = true;
        done.await(30, TimeUnit.SECONDS);
        return Window.of(name, connections, seconds, latencies, failures);
    }

    private void next(int connection) {
        if (stopping) {
            done.countDown();
            return;
        }
        long start = System.nanoTime();
        boolean measured = recording;
        Future<?> sent;
        try {
            sent = request.apply(connection);
        } catch (RuntimeException e) {
            sent = Future.failedFuture(e);
        }
        sent.onComplete(ar -> {
            if (measured && recording) {
                latencies.add((System.nanoTime() - start) / 1000);
                if (ar.failed()) {
                    failures.merge(Http.status(ar.cause()), 1, Integer::sum);
                }
            }
            next(connection);
        });
    }
}
