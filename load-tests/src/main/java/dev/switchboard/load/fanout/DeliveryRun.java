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

/**
 * Fan-out at a target write rate: {@code subscribers} sockets hold {@code org}; the admin creates contacts
 * whose {@code company} is a marker {@code FANOUT-<seq>-}; every {@code contact.created} frame that arrives is
 * matched to its write by the marker, so the latency is from sending the REST write to the frame's arrival.
 * Runs on one event loop: all state is single-threaded.
 */
final class DeliveryRun {

    private static final byte[] MARKER = "FANOUT-".getBytes(StandardCharsets.US_ASCII);

    /** One step's outcome. */
    record Result(int subscribers, int targetRate, double writesPerSecond, double deliveriesPerSecond, double p50, double p99,
                  double max, double lastSubscriberP99, long expected, long received, int writeErrors, double serverCpu,
                  double databaseCpu) {

        /** Server (JVM) CPU microseconds per delivery, REST writes and relay included. */
        double serverMicrosPerDelivery() {
            return received == 0 ? Double.NaN : serverCpu * 1e6 / deliveriesPerSecond;
        }
    }

    /** How long a step waits after its last write for the deliveries still on their way. */
    private static final long DRAIN_NANOS = 20_000_000_000L;

    private final Vertx vertx;
    private final Api api;
    private final Api.User admin;
    private final CpuSampler cpu;
    private final CpuSampler dbCpu;
    private final int maxInFlight;
    private final Latencies latencies = new Latencies();
    private final Latencies lastArrivals = new Latencies();
    private long[] sentAt = new long[1 << 16];
    private int[] arrivals = new int[1 << 16];
    private int subscribers;
    private int seq;
    private int firstSeqOfStep;
    private long received;
    private long lastArrival;
    private int inFlight;
    private int writeErrors;

    DeliveryRun(Vertx vertx, Api api, Api.User admin, CpuSampler cpu, CpuSampler dbCpu, int maxInFlight) {
        this.vertx = vertx;
        this.api = api;
        this.admin = admin;
        this.cpu = cpu;
        this.dbCpu = dbCpu;
        this.maxInFlight = maxInFlight;
    }

    /** Connects the subscribers, runs a warm-up and each rate for {@code seconds}, then closes the sockets. */
    Future<List<Result>> run(Sockets sockets, List<Api.User> users, int count, List<Integer> rates, int warmupSeconds, int seconds) {
        this.subscribers = count;
        return sockets.openMany(users, count, "org", 64, this::onMessage).compose(opened -> {
            Future<List<Result>> steps = step(rates.get(0), warmupSeconds).map(warm -> new ArrayList<Result>());
            for (int rate : rates) {
                steps = steps.compose(results -> step(rate, seconds).map(r -> {
                    results.add(r);
                    System.out.printf("  %s%n", Report.line(r));
                    return results;
                }));
            }
            return steps.compose(results -> Sockets.closeAll(opened).map(v -> (List<Result>) results));
        });
    }

    private Future<Result> step(int rate, int seconds) {
        latencies.clear();
        lastArrivals.clear();
        received = 0;
        writeErrors = 0;
        firstSeqOfStep = seq;
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
                if (inFlight == 0 && received == (long) sent * subscribers || now >= end + DRAIN_NANOS) {
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
        api.createContact(admin, "FANOUT-" + n + "-").onComplete(r -> {
            inFlight--;
            if (r.failed()) {
                writeErrors++;
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
        return new Result(subscribers, rate, sent / (double) seconds, received / wall,
                latencies.percentileMillis(50), latencies.percentileMillis(99), latencies.percentileMillis(100),
                lastArrivals.percentileMillis(99), expected, received, writeErrors, cpuSeconds / wall, dbSeconds / wall);
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
