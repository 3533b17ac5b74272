package dev.switchboard.load.fanout;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The realtime fan-out benchmark: registers an organization with {@code users} managers, then measures presence
 * joins, deliveries per second and write-to-arrival latency at each subscriber count and target rate, and the
 * server's heap with many idle authenticated sockets. Arguments are {@code key=value}; see {@link #USAGE}.
 * Everything runs on one event loop (pin the JVM to one core).
 */
public final class FanoutBench {

    static final String USAGE = """
            arguments (key=value, all optional):
              host=127.0.0.1 port=8080     the server
              serverPid=0                  the server's pid: enables its CPU use (with its PostgreSQL) and heap readings
              subscribers=100,1000         subscriber counts for the delivery runs
              deliveries=50000,100000,200000  target deliveries/s per step (writes/s = deliveries / subscribers)
              warmup=5 seconds=10          seconds of warm-up and of each measured step
              presence=1000                presence joins (distinct users); 0 skips
              idle=20000                   idle authenticated sockets; 0 skips
              sources=4                    local source addresses 127.0.0.1..N for the sockets
              maxInFlight=256              concurrent REST writes at most
            """;

    private FanoutBench() {
    }

    public static void main(String[] args) {
        Map<String, String> a = parse(args);
        String host = a.getOrDefault("host", "127.0.0.1");
        int port = Integer.parseInt(a.getOrDefault("port", "8080"));
        long serverPid = Long.parseLong(a.getOrDefault("serverPid", "0"));
        List<Integer> counts = ints(a.getOrDefault("subscribers", "100,1000"));
        List<Integer> deliveries = ints(a.getOrDefault("deliveries", "50000,100000,200000"));
        int warmup = Integer.parseInt(a.getOrDefault("warmup", "5"));
        int seconds = Integer.parseInt(a.getOrDefault("seconds", "10"));
        int presence = Integer.parseInt(a.getOrDefault("presence", "1000"));
        int idle = Integer.parseInt(a.getOrDefault("idle", "20000"));
        int sources = Integer.parseInt(a.getOrDefault("sources", "4"));
        int maxInFlight = Integer.parseInt(a.getOrDefault("maxInFlight", "256"));
        int userCount = Math.max(presence, counts.stream().mapToInt(Integer::intValue).max().orElse(0));

        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(2));
        Api api = new Api(vertx, host, port, maxInFlight);
        Sockets sockets = new Sockets(vertx, host, port, sources);
        CpuSampler cpu = new CpuSampler(serverPid);
        System.out.printf("load average at start: %s%n", CpuSampler.loadAverage());

        vertx.runOnContext(start -> run(vertx, api, sockets, cpu, serverPid, counts, deliveries, warmup, seconds, presence, idle,
                maxInFlight, userCount));
    }

    private static void run(Vertx vertx, Api api, Sockets sockets, CpuSampler cpu, long serverPid, List<Integer> counts,
                            List<Integer> deliveries, int warmup, int seconds, int presence, int idle, int maxInFlight, int userCount) {
        Future<Void> all = api.register()
                .compose(admin -> {
                    long t = System.nanoTime();
                    return api.users(admin, "manager", userCount, 4).map(users -> {
                        System.out.printf("%d users ready in %.1f s%n", users.size(), (System.nanoTime() - t) / 1e9);
                        return new Setup(admin, users);
                    });
                })
                .compose(setup -> presence == 0 ? Future.succeededFuture(setup)
                        : new PresenceRun(vertx, api).run(sockets, setup.admin, setup.users.subList(0, presence)).map(r -> {
                            System.out.println(Report.line(r));
                            return setup;
                        }))
                .compose(setup -> {
                    Future<Void> runs = Future.succeededFuture();
                    for (int count : counts) {
                        List<Integer> rates = deliveries.stream().map(d -> Math.max(1, d / count)).toList();
                        runs = runs.compose(v -> {
                            System.out.printf("delivery run: %d subscribers on org, writes/s steps %s%n", count, rates);
                            return new DeliveryRun(vertx, api, setup.admin, cpu, maxInFlight)
                                    .run(sockets, setup.users.subList(0, count), count, rates, warmup, seconds).mapEmpty();
                        });
                    }
                    return runs.map(setup);
                })
                .compose(setup -> idle == 0 ? Future.succeededFuture()
                        : new IdleRun(vertx, serverPid).run(sockets, setup.users, idle).map(r -> {
                            System.out.println(Report.line(r));
                            return null;
                        }));
        all.onComplete(r -> {
            System.out.printf("load average at end: %s%n", CpuSampler.loadAverage());
            if (r.failed()) {
                System.err.println("benchmark failed: " + r.cause());
            }
            vertx.close().onComplete(v -> System.exit(r.succeeded() ? 0 : 1));
        });
    }

    private record Setup(Api.User admin, List<Api.User> users) {
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> map = new HashMap<>();
        for (String arg : args.length == 1 ? args[0].trim().split("\\s+") : args) {
            if (arg.isBlank()) {
                continue;
            }
            int eq = arg.indexOf('=');
            if (eq < 0 || !USAGE.contains(arg.substring(0, eq) + "=")) {
                System.err.println("unknown argument " + arg + "\n" + USAGE);
                System.exit(2);
            }
            map.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        return map;
    }

    private static List<Integer> ints(String csv) {
        return new ArrayList<>(Arrays.stream(csv.split(",")).map(String::trim).map(Integer::parseInt).toList());
    }
}
