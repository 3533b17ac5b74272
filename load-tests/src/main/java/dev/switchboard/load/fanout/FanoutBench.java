package dev.switchboard.load.fanout;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * The realtime fan-out benchmark: registers an organization with enough managers, then measures presence joins,
 * deliveries per second and write-to-arrival latency at each subscriber count and target rate, and the server's
 * heap with many idle authenticated sockets. Arguments: see {@link Options#USAGE}. Everything runs on one event
 * loop (pin the JVM to one core).
 */
public final class FanoutBench {

    private final Vertx vertx;
    private final Options o;
    private final Api api;
    private final Sockets sockets;
    private final CpuSampler cpu;
    private final CpuSampler dbCpu;

    private FanoutBench(Vertx vertx, Options o) {
        this.vertx = vertx;
        this.o = o;
        this.api = new Api(vertx, o.host(), o.port(), o.maxInFlight());
        this.sockets = new Sockets(vertx, o.host(), o.port(), o.sources());
        this.cpu = new CpuSampler(o.serverPid());
        this.dbCpu = new CpuSampler(o.dbPid());
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

    /** First, while nobody has been online yet (a reconnect within the grace period is no presence change). */
    private Future<Void> presence(Setup setup) {
        if (o.presence() == 0) {
            return Future.succeededFuture();
        }
        return new PresenceRun(vertx, api).run(sockets, setup.admin, setup.users.subList(0, o.presence()))
                .map(r -> {
                    System.out.println(Report.line(r));
                    return null;
                });
    }

    private Future<Void> deliveries(Setup setup) {
        Future<Void> runs = Future.succeededFuture();
        for (int count : o.subscribers()) {
            List<Integer> rates = o.rates(count);
            runs = runs.compose(v -> {
                System.out.printf("delivery run: %d subscribers on org, writes/s steps %s%n", count, rates);
                return new DeliveryRun(vertx, api, setup.admin, cpu, dbCpu, o.maxInFlight())
                        .run(sockets, setup.users.subList(0, count), count, rates, o.warmup(), o.seconds()).mapEmpty();
            });
        }
        return runs;
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
