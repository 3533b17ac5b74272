package dev.switchboard.load.fanout;

import dev.switchboard.load.pipeline.Hs256;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The realtime fan-out benchmark: registers an organization with enough managers, then measures presence joins
 * (everyone seeing everyone), deliveries per second and send-to-arrival latency at each subscriber count and target
 * rate, and the server's heap with many idle authenticated sockets. Deliveries come from REST writes
 * ({@code source=rest}) or from the publish API ({@code source=publish}); with {@code reference=host:port} every
 * publish step also runs against the reference server's {@code POST /publish}, alternating, and the two are
 * compared. Arguments: see {@link Options#USAGE}. Everything runs on one event loop (pin the JVM to one core).
 */
public final class FanoutBench {

    /** Sockets the server closed for not reading fast enough (Prometheus name of RealtimeMetrics.SLOW_CONSUMERS). */
    private static final String SLOW_CLOSED = "switchboard_realtime_slow_consumers_closed_total";

    private final Vertx vertx;
    private final Options o;
    private final Api api;
    private final Sockets sockets;
    private final CpuSampler cpu;
    private final CpuSampler dbCpu;
    private final Api referenceApi;
    private final Sockets referenceSockets;
    private final String referenceToken;

    private FanoutBench(Vertx vertx, Options o) {
        this.vertx = vertx;
        this.o = o;
        this.api = new Api(vertx, o.host(), o.port(), o.maxInFlight());
        this.sockets = new Sockets(vertx, o.host(), o.port(), o.sources());
        this.cpu = new CpuSampler(o.serverPid());
        this.dbCpu = new CpuSampler(o.dbPid());
        if (o.referenceHost() != null) {
            this.referenceApi = new Api(vertx, o.referenceHost(), o.referencePort(), o.maxInFlight());
            this.referenceSockets = new Sockets(vertx, o.referenceHost(), o.referencePort(), o.sources());
            // one tenant of the reference: every socket with its token receives every /publish made with it
            this.referenceToken = Hs256.token(o.jwtSecret(), o.tenantClaim(), UUID.randomUUID().toString(), Duration.ofHours(6));
        } else {
            this.referenceApi = null;
            this.referenceSockets = null;
            this.referenceToken = null;
        }
    }

    public static void main(String[] args) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(2));
        System.out.printf("load average at start: %s%n", CpuSampler.loadAverage());
        vertx.runOnContext(start -> new FanoutBench(vertx, options).run().onComplete(r -> {
            System.out.printf("load average at end: %s%n", CpuSampler.loadAverage());
            if (r.failed()) {
                System.err.println("benchmark failed: " + r.cause());
                r.cause().printStackTrace();
            }
            vertx.close().onComplete(v -> System.exit(r.succeeded() ? 0 : 1));
        }));
    }

    private record Setup(Api.User admin, List<Api.User> users) {
    }

    private Future<Void> run() {
        return api.register()
                .compose(admin -> {
                    long t = System.nanoTime();
                    return api.users(admin, "manager", o.users(), 4).map(users -> {
                        System.out.printf("%d users ready in %.1f s%n", users.size(), (System.nanoTime() - t) / 1e9);
                        return new Setup(admin, users);
                    });
                })
                .compose(setup -> presence(setup).compose(v -> deliveries(setup)).compose(v -> idle(setup)));
    }

    /**
     * First, while nobody has been online yet (a reconnect within the grace period is no presence change). Each round
     * is joined by users not seen before; a round after the first starts once the previous round's users are offline.
     */
    private Future<Void> presence(Setup setup) {
        Future<Void> rounds = Future.succeededFuture();
        for (int round = o.presenceRounds() - 1; o.presence() > 0 && round >= 0; round--) {
            List<Api.User> joining = setup.users.subList(round * o.presence(), (round + 1) * o.presence());
            boolean warmUp = round > 0;
            rounds = rounds.compose(v -> {
                PresenceRun run = new PresenceRun(vertx, api);
                return run.run(sockets, setup.admin, joining).compose(r -> {
                    System.out.println((warmUp ? "warm-up: " : "") + Report.line(r));
                    return warmUp ? run.everyoneOffline(setup.admin) : Future.succeededFuture();
                });
            });
        }
        return rounds;
    }

    private Future<Void> deliveries(Setup setup) {
        Future<Void> runs = Future.succeededFuture();
        int largest = o.subscribers().stream().mapToInt(Integer::intValue).max().orElse(0);
        for (int count : o.subscribers()) {
            List<Integer> rates = o.rates(count);
            runs = runs.compose(v -> {
                System.out.printf("delivery run (%s): %d subscribers on org, %s/s steps %s%s%n", o.source(), count,
                        o.source().equals("rest") ? "writes" : "publishes", rates,
                        referenceApi == null ? "" : ", each step against switchboard and the reference, alternating");
                DeliveryRun switchboard = new DeliveryRun(vertx, switchboardTarget(setup), o.maxInFlight());
                if (referenceApi == null) {
                    return switchboard.run(count, rates, o.warmup(), o.seconds())
                            .compose(results -> o.slow() == 1 && count == largest
                                    ? slowConsumer(setup, switchboard, count, rates.get(0)) : Future.succeededFuture());
                }
                return compare(setup, switchboard, new DeliveryRun(vertx, referenceTarget(), o.maxInFlight()), count, rates,
                        o.slow() == 1 && count == largest);
            });
        }
        return runs;
    }

    /** Switchboard's side: REST contact creation or the publish API, received by one manager's socket each on {@code org}. */
    private DeliveryRun.Target switchboardTarget(Setup setup) {
        return new DeliveryRun.Target("switchboard",
                (count, onMessage) -> sockets.openMany(setup.users.subList(0, count), count, "org", 64, onMessage),
                o.source().equals("rest") ? marker -> api.createContact(setup.admin, marker) : marker -> api.publish(setup.admin, marker),
                cpu, dbCpu);
    }

    /** The reference's side: its {@code POST /publish}, received by sockets of one tenant (no database involved). */
    private DeliveryRun.Target referenceTarget() {
        return new DeliveryRun.Target("reference",
                (count, onMessage) -> referenceSockets.openManyReference(referenceToken, count, 64, onMessage),
                marker -> referenceApi.publishReference(referenceToken, marker), new CpuSampler(o.referencePid()), new CpuSampler(0));
    }

    /**
     * Both sides' subscribers stay connected for the whole subscriber count; each side warms up, then every rate runs
     * on both, alternating which goes first, and each pair is printed with the ratios; then the best rate of each side.
     */
    private Future<Void> compare(Setup setup, DeliveryRun switchboard, DeliveryRun reference, int count, List<Integer> rates,
                                 boolean slow) {
        List<DeliveryRun.Result> sbResults = new ArrayList<>();
        List<DeliveryRun.Result> refResults = new ArrayList<>();
        Future<Void> steps = switchboard.open(count).compose(v -> reference.open(count))
                .compose(v -> switchboard.step(rates.get(0), o.warmup()))
                .compose(v -> reference.step(rates.get(0), o.warmup())).mapEmpty();
        for (int i = 0; i < rates.size(); i++) {
            int rate = rates.get(i);
            List<DeliveryRun> order = i % 2 == 0 ? List.of(switchboard, reference) : List.of(reference, switchboard);
            steps = steps.compose(v -> step(order.get(0), rate, sbResults, refResults))
                    .compose(v -> step(order.get(1), rate, sbResults, refResults))
                    .map(v -> {
                        System.out.printf("  %s%n", Report.comparison(sbResults.get(sbResults.size() - 1),
                                refResults.get(refResults.size() - 1)));
                        return null;
                    });
        }
        return steps.compose(v -> {
            DeliveryRun.Result sb = best(sbResults);
            DeliveryRun.Result ref = best(refResults);
            System.out.printf("  BEST %s%n", Report.comparison(sb, ref).substring("COMPARE ".length()));
            System.out.printf("  (best: each side's step with the most deliveries/s; its target rate is switchboard's)%n");
            Future<Void> slowCheck = slow ? slowConsumer(setup, switchboard, count, rates.get(0)) : Future.succeededFuture();
            return slowCheck.compose(x -> reference.close()).compose(x -> switchboard.close());
        });
    }

    private Future<Void> step(DeliveryRun run, int rate, List<DeliveryRun.Result> sb, List<DeliveryRun.Result> ref) {
        return run.step(rate, o.seconds()).map(r -> {
            System.out.printf("  %s%n", Report.line(r));
            if (run.lastError() != null) {
                System.out.printf("    first error answer (%s): %s%n", run.target(), run.lastError());
            }
            (run.target().equals("reference") ? ref : sb).add(r);
            return null;
        });
    }

    private static DeliveryRun.Result best(List<DeliveryRun.Result> results) {
        return results.stream().max(Comparator.comparingDouble(DeliveryRun.Result::deliveriesPerSecond)).orElseThrow();
    }

    /**
     * A slow consumer among {@code count} subscribers (Switchboard only; the reference has no bound). One more socket
     * holds {@code org} (the admin's, with a small kernel receive buffer) and gets a stream of its own: {@code slowRate}
     * publishes/s of {@code slowBytes} to {@code user:{admin}}, which no other socket receives. A step at {@code rate}
     * with that socket reading is the baseline; in the next step it stops reading at the TCP level. It should be closed
     * with 4008 while the others' p99 stays within 20 % of the baseline. Opens its own subscribers when none are open.
     */
    private Future<Void> slowConsumer(Setup setup, DeliveryRun given, int count, int rate) {
        boolean own = referenceApi == null;
        DeliveryRun run = own ? new DeliveryRun(vertx, switchboardTarget(setup), o.maxInFlight()) : given;
        System.out.printf("slow consumer: %d subscribers at %d messages/s plus one socket with a stream of its own (%d/s of"
                        + " %d bytes); %d s with it reading (baseline), then %d s with it not reading%n", count, rate,
                o.slowRate(), o.slowBytes(), o.slowSeconds(), o.slowSeconds());
        JsonObject big = new JsonObject().put("pad", "x".repeat(o.slowBytes()));
        Sockets small = new Sockets(vertx, o.host(), o.port(), 1, 8192);
        Future<Void> opened = own ? run.open(count) : Future.succeededFuture();
        return opened.compose(v -> small.open(setup.admin, "org", m -> { })).compose(slowSocket -> {
            long[] closedAt = {-1};
            int[] stream = {0, 0}; // in flight, errors
            long timer = vertx.setPeriodic(10, id -> {
                for (int i = 0; i < Math.max(1, o.slowRate() / 100) && closedAt[0] < 0 && stream[0] < 32; i++) {
                    stream[0]++;
                    api.publish(setup.admin, "user:" + setup.admin.id(), big).onComplete(r -> {
                        stream[0]--;
                        stream[1] += r.failed() ? 1 : 0;
                    });
                }
            });
            return run.step(rate, o.slowSeconds()).compose(baseline -> {
                System.out.printf("  baseline: %s%n", Report.line(baseline));
                return api.counter(SLOW_CLOSED).otherwise(-1.0).compose(before -> {
                    long start = System.nanoTime();
                    // a socket that does not read does not see its close either: the server's counter says when it closed it
                    long watch = vertx.setPeriodic(100, id -> api.counter(SLOW_CLOSED).onSuccess(now -> {
                        if (closedAt[0] < 0 && before >= 0 && now > before) {
                            closedAt[0] = System.nanoTime();
                        }
                    }));
                    slowSocket.pause();
                    return run.step(rate, o.slowSeconds()).compose(withSlow -> {
                        vertx.cancelTimer(timer);
                        vertx.cancelTimer(watch);
                        System.out.printf("  with it:  %s%n", Report.line(withSlow));
                        // now read what it holds, up to the close frame when the server closed it
                        Promise<Void> seenClose = Promise.promise();
                        slowSocket.closeHandler(v -> seenClose.tryComplete());
                        try {
                            slowSocket.resume();
                        } catch (RuntimeException e) {
                            // the client throws when the connection ended without a close frame; the code then stays null
                            seenClose.tryComplete();
                        }
                        vertx.setTimer(closedAt[0] < 0 ? 1 : 15_000, t -> seenClose.tryComplete());
                        return seenClose.future().compose(v -> {
                            System.out.printf("  SLOW subscribers=%d | slow socket %s | others' p99 %.2f ms vs %.2f ms with it"
                                            + " reading (ratio %.2f, target <= 1.20) | others' sockets closed %d"
                                            + " | its stream's errors %d%n", count,
                                    closedAt[0] < 0 ? "NOT closed within the step"
                                            : String.format(Locale.ROOT, "closed by the server after %.1f s, close code seen %s",
                                                    (closedAt[0] - start) / 1e9, slowSocket.closeStatusCode() == null
                                                            ? "none (no close frame reached it)" : slowSocket.closeStatusCode()),
                                    withSlow.p99(), baseline.p99(), withSlow.p99() / baseline.p99(), withSlow.closed(), stream[1]);
                            Future<Void> closeSlow = slowSocket.isClosed() ? Future.succeededFuture()
                                    : slowSocket.close().otherwise((Void) null);
                            return closeSlow.compose(x -> own ? run.close() : Future.succeededFuture());
                        });
                    });
                });
            });
        });
    }

    private Future<Void> idle(Setup setup) {
        if (o.idle() == 0) {
            return Future.succeededFuture();
        }
        // each socket costs the server and this client one file descriptor; stay below the open-file limit
        long limit = ((com.sun.management.UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getMaxFileDescriptorCount();
        int count = (int) Math.min(o.idle(), limit - 1000);
        if (count < o.idle()) {
            System.out.printf("idle connections capped at %d by the open-file limit %d; the heap is extrapolated to %d%n",
                    count, limit, o.idle());
        }
        return new IdleRun(vertx, o.serverPid()).run(sockets, setup.users, count).map(r -> {
            System.out.println(Report.line(r, o.idle()));
            return null;
        });
    }
}
