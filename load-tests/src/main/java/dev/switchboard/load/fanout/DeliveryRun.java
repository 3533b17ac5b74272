package dev.switchboard.load.fanout;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Fan-out at a target message rate: {@code subscribers} sockets of one {@link Target} receive every message sent
 * through it; each message carries a marker {@code FANOUT-<seq>-} (a contact's {@code company} for REST writes, the
 * {@code data} of a publish), so every frame that arrives is matched to its send by the marker and the latency is
 * from sending the request to the frame's arrival. Runs on one event loop: all state is single-threaded.
 */
final class DeliveryRun {

    private static final byte[] MARKER = "FANOUT-".getBytes(StandardCharsets.US_ASCII);

    /**
     * Where the messages go: {@code subscribe} opens {@code count} sockets that receive them, {@code send} sends the
     * message carrying a marker (its future fails on an error answer), {@code cpu} and {@code dbCpu} sample the
     * server's and its database's CPU (pid 0: not sampled).
     */
    record Target(String name, BiFunction<Integer, Consumer<Buffer>, Future<List<WebSocket>>> subscribe,
                  Function<String, Future<?>> send, CpuSampler cpu, CpuSampler dbCpu) {
    }

    /** One step's outcome. */
    record Result(String target, int subscribers, int targetRate, double writesPerSecond, double deliveriesPerSecond, double p50,
                  double p99, double max, double lastSubscriberP99, long expected, long received, int writeErrors, int closed,
                  double serverCpu, double databaseCpu) {

        /** Server (JVM or Node.js) CPU microseconds per delivery, the requests that cause them included. */
        double serverMicrosPerDelivery() {
            return received == 0 ? Double.NaN : serverCpu * 1e6 / deliveriesPerSecond;
        }
    }

    /** How long a step waits after its last write for the deliveries still on their way. */
    private static final long DRAIN_NANOS = 20_000_000_000L;

    private final Vertx vertx;
    private final Target target;
    private final int maxInFlight;
    private final Latencies latencies = new Latencies();
    private final Latencies lastArrivals = new Latencies();
    private long[] sentAt = new long[1 << 16];
    private int[] arrivals = new int[1 << 16];
    private List<WebSocket> opened = List.of();
    private int subscribers;
    private int seq;
    private int firstSeqOfStep;
    private long received;
    private long lastArrival;
    private int inFlight;
    private int writeErrors;
    private int closed;
    private String lastError;

    DeliveryRun(Vertx vertx, Target target, int maxInFlight) {
        this.vertx = vertx;
        this.target = target;
        this.maxInFlight = maxInFlight;
    }

    String target() {
        return target.name();
    }

    /** Connects {@code count} subscribers; a socket the server closes later is counted in {@link Result#closed()}. */
    Future<Void> open(int count) {
        this.subscribers = count;
        this.closed = 0;
        return target.subscribe().apply(count, this::onMessage).map(sockets -> {
            opened = sockets;
            sockets.forEach(ws -> ws.closeHandler(v -> closed++));
            return null;
        });
    }

    /** Closes the subscribers. */
    Future<Void> close() {
        opened.forEach(ws -> ws.closeHandler(null));
        return Sockets.closeAll(opened);
    }

    /** Connects the subscribers, runs a warm-up and each rate for {@code seconds}, then closes the sockets. */
    Future<List<Result>> run(int count, List<Integer> rates, int warmupSeconds, int seconds) {
        return open(count).compose(ready -> {
            Future<List<Result>> steps = step(rates.get(0), warmupSeconds).map(warm -> new ArrayList<Result>());
            for (int rate : rates) {
                steps = steps.compose(results -> step(rate, seconds).map(r -> {
                    results.add(r);
                    System.out.printf("  %s%n", Report.line(r));
                    return results;
                }));
            }
            return steps.compose(results -> close().map(v -> (List<Result>) results));
        });
    }

    /** The first error answer of the last step, or null. */
    String lastError() {
        return lastError;
    }

    /** Sends at {@code rate} messages/s for {@code seconds}, then waits for the deliveries still on their way. */
    Future<Result> step(int rate, int seconds) {
        latencies.clear();
        lastArrivals.clear();
        received = 0;
        writeErrors = 0;
        lastError = null;
        firstSeqOfStep = seq;
        CpuSampler cpu = target.cpu();
        CpuSampler dbCpu = target.dbCpu();
        double cpuStart = cpu.cpuSeconds();
        double dbStart = dbCpu.cpuSeconds();
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        Promise<Result> done = Promise.promise();
        vertx.setPeriodic(1, id -> {
            long now = System.nanoTime();
            int sent = seq - firstSeqOfStep;
            if (now >= end) {
                // the writes are done; the step lasts until every delivery arrived (or the drain time is up)
                if (inFlight == 0 && received >= (long) sent * (subscribers - closed) || now >= end + DRAIN_NANOS) {
                    vertx.cancelTimer(id);
                    double wall = (Math.max(lastArrival, end) - start) / 1e9;
                    done.complete(result(rate, sent, seconds, wall, cpu.cpuSeconds() - cpuStart, dbCpu.cpuSeconds() - dbStart));
                }
                return;
            }
            long due = (now - start) * rate / 1_000_000_000L - sent;
            for (long i = 0; i < due && inFlight < maxInFlight; i++) {
                write();
            }
        });
        return done.future();
    }

    private void write() {
        int n = seq++;
        grow(n);
        inFlight++;
        sentAt[n] = System.nanoTime();
        arrivals[n] = 0;
        target.send().apply("FANOUT-" + n + "-").onComplete(r -> {
            inFlight--;
            if (r.failed()) {
                writeErrors++;
                if (lastError == null) {
                    lastError = r.cause().getMessage();
                }
            }
        });
    }

    private void onMessage(Buffer message) {
        long now = System.nanoTime();
        int n = markerSeq(message.getBytes());
        if (n < firstSeqOfStep || n >= seq) {
            return;
        }
        received++;
        lastArrival = now;
        latencies.add(now - sentAt[n]);
        if (++arrivals[n] == subscribers) {
            lastArrivals.add(now - sentAt[n]);
        }
    }

    /** Rates over the step's wall time: from its start to its last delivery. */
    private Result result(int rate, int sent, int seconds, double wall, double cpuSeconds, double dbSeconds) {
        long expected = (long) sent * subscribers;
        return new Result(target.name(), subscribers, rate, sent / (double) seconds, received / wall,
                latencies.percentileMillis(50), latencies.percentileMillis(99), latencies.percentileMillis(100),
                lastArrivals.percentileMillis(99), expected, received, writeErrors, closed, cpuSeconds / wall, dbSeconds / wall);
    }

    private void grow(int n) {
        if (n < sentAt.length) {
            return;
        }
        int size = sentAt.length * 2;
        sentAt = Arrays.copyOf(sentAt, size);
        arrivals = Arrays.copyOf(arrivals, size);
    }

    /** The number after {@code FANOUT-} in the frame, or -1. */
    static int markerSeq(byte[] b) {
        outer:
        for (int i = 0; i + MARKER.length < b.length; i++) {
            for (int j = 0; j < MARKER.length; j++) {
                if (b[i + j] != MARKER[j]) {
                    continue outer;
                }
            }
            int n = 0;
            int k = i + MARKER.length;
            while (k < b.length && b[k] >= '0' && b[k] <= '9') {
                n = n * 10 + (b[k++] - '0');
            }
            return k > i + MARKER.length ? n : -1;
        }
        return -1;
    }
}
