package dev.switchboard.load.rest;

import dev.switchboard.load.Credentials;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Closed-model REST benchmark: exactly N keep-alive connections, each with one request in flight at a
 * time and no think time, for a fixed duration after a warm-up. Users of the generated dataset log in
 * once; their tokens are spread round-robin over the connections (so over tenants). Scenarios:
 * {@code list} (GET /api/v1/cases?limit=20), {@code create-task} (POST /api/v1/tasks),
 * {@code create-case} (POST /api/v1/cases) and {@code search} (GET /api/v1/search?limit=20, see {@link #searchText}). Prints throughput, p50/p95/p99/max and errors, and exits
 * non-zero when the optional {@code --min-rps} / {@code --max-p99} goals are missed. With {@code --server-pid}
 * (and {@code --pg-data}, the embedded cluster's directory) it also reports the server's CPU per request over
 * the measured window, and with {@code --jfr file} records a JFR profile of exactly that window.
 */
public final class RestBench {

    private final Options o;
    private final Vertx vertx;
    private final HttpClientAgent client;
    private long sequence;

    private RestBench(Options o) {
        this.o = o;
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        this.client = Http.client(vertx, o.baseUrl(), o.connections());
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        RestBench bench = new RestBench(o);
        boolean ok;
        try {
            ok = bench.run();
        } finally {
            bench.vertx.close().await();
        }
        System.exit(ok ? 0 : 1);
    }

    private boolean run() throws Exception {
        List<Credentials> users = Credentials.read(o.credentials(), o.role());
        if (users.isEmpty()) {
            throw new IllegalArgumentException("no " + o.role() + " users in " + o.credentials());
        }
        List<String> tokens = login(users.subList(0, Math.min(users.size(), o.maxUsers())));
        System.out.printf("%s: %d connections, %d users of role %s, warm-up %d s, measure %d s%n", o.scenario(),
                o.connections(), tokens.size(), o.role(), o.warmupSeconds(), o.durationSeconds());
        ClosedLoop loop = ClosedLoop.start(vertx, o.connections(), i -> request(tokens.get(i % tokens.size())));
        Thread.sleep(TimeUnit.SECONDS.toMillis(o.warmupSeconds()));
        ServerCpu cpu = o.serverPid() > 0 ? new ServerCpu(o.serverPid(), o.pgData()) : null;
        long[] cpuBefore = cpu == null ? null : cpu.millis();
        jcmd("JFR.start", "name=restbench", "settings=profile", "filename=" + o.jfr());
        loop.startWindow();
        Thread.sleep(TimeUnit.SECONDS.toMillis(o.durationSeconds()));
        double elapsed = loop.endWindow();
        long[] cpuAfter = cpu == null ? null : cpu.millis();
        jcmd("JFR.stop", "name=restbench");
        Window window = loop.finish(o.scenario());
        boolean ok = report(window);
        if (cpu != null) {
            long java = cpuAfter[0] - cpuBefore[0];
            long postgres = cpuAfter[1] - cpuBefore[1];
            int served = window.requests();
            System.out.printf("SERVER CPU java=%.0f%% postgres=%.0f%% of one core; per request java=%.3f ms postgres=%.3f ms "
                            + "total=%.3f ms (one dedicated core would serve about %.0f req/s)%n",
                    java / elapsed / 10, postgres / elapsed / 10, (double) java / served, (double) postgres / served,
                    (double) (java + postgres) / served, served * 1000.0 / Math.max(1, java + postgres));
        }
        return ok;
    }

    /** Runs {@code jcmd <server pid> <args>} when a JFR file was asked for; the recording covers the measured window. */
    private void jcmd(String... args) throws Exception {
        if (o.jfr() == null || o.serverPid() <= 0) {
            return;
        }
        List<String> command = new ArrayList<>(List.of("jcmd", Long.toString(o.serverPid())));
        command.addAll(List.of(args));
        new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
    }

    private List<String> login(List<Credentials> users) throws Exception {
        List<Future<String>> logins = new ArrayList<>();
        for (Credentials c : users) {
            JsonObject body = new JsonObject().put("email", c.email()).put("password", c.password());
            logins.add(send(HttpMethod.POST, "/api/v1/auth/login", null, body.toBuffer())
                    .map(b -> new JsonObject(b).getString("accessToken")));
        }
        return Future.all(logins).map(all -> all.<String>list()).await(120, TimeUnit.SECONDS);
    }

    private Future<Buffer> request(String token) {
        return switch (o.scenario()) {
            case "list" -> send(HttpMethod.GET, "/api/v1/cases?limit=" + o.limit(), token, null);
            case "create-task" -> send(HttpMethod.POST, "/api/v1/tasks", token, createTaskBody(++sequence));
            case "create-case" -> send(HttpMethod.POST, "/api/v1/cases", token, new JsonObject()
                    .put("title", "Load case " + (++sequence)).put("priority", "normal").toBuffer());
            case "search" -> send(HttpMethod.GET, "/api/v1/search?limit=" + o.limit() + "&q="
                    + URLEncoder.encode(searchText(++sequence), StandardCharsets.UTF_8), token, null);
            default -> throw new IllegalArgumentException("unknown scenario " + o.scenario());
        };
    }

    /** The body of the {@code create-task} scenario's {@code POST /api/v1/tasks} (the pipeline benchmark sends the same). */
    public static Buffer createTaskBody(long sequence) {
        return new JsonObject().put("title", "Load task " + sequence).put("priority", "normal").toBuffer();
    }

    /**
     * The {@code search} scenario's text, in turn: a contact's name, the start of a contact's email, phone digits, a
     * topic with a company (a few dozen cases per organization), and a topic alone (several thousand cases, tasks,
     * notes and messages per organization: the broadest query the dataset allows).
     */
    static String searchText(long sequence) {
        int n = (int) ((sequence * 7919) % 5000);
        return switch ((int) (sequence % 5)) {
            case 0 -> "First" + n;
            case 1 -> "contact" + n + "@";
            case 2 -> "555" + String.format("%04d", n);
            case 3 -> SEARCH_TOPICS[n % SEARCH_TOPICS.length] + " " + SEARCH_COMPANIES[n % SEARCH_COMPANIES.length];
            default -> SEARCH_TOPICS[n % SEARCH_TOPICS.length];
        };
    }

    private static final String[] SEARCH_TOPICS = {"invoice", "renewal", "onboarding", "refund", "contract", "upgrade", "visit",
            "complaint", "quote", "migration", "audit", "delivery", "training", "billing", "intake"};
    private static final String[] SEARCH_COMPANIES = {"Acme", "Globex", "Initech", "Umbrella", "Hooli", "Stark", "Wayne", "Tyrell"};

    private Future<Buffer> send(HttpMethod method, String path, String token, Buffer body) {
        return Http.send(client, method, path, token, body);
    }

    private boolean report(Window w) {
        System.out.printf("RESULT scenario=%s connections=%d requests=%d errors=%d throughput=%.0f req/s "
                        + "p50=%.2f ms p95=%.2f ms p99=%.2f ms max=%.2f ms%n",
                o.scenario(), o.connections(), w.requests(), w.errors(), w.rps(), w.p50(), w.p95(), w.p99(), w.max());
        if (!w.failures().isEmpty()) {
            System.out.println("errors by status (-1: connection): " + w.failures());
        }
        boolean ok = w.errors() == 0 && w.rps() >= o.minRps() && (o.maxP99() <= 0 || w.p99() <= o.maxP99());
        if (o.minRps() > 0 || o.maxP99() > 0) {
            System.out.printf("GOAL %s (throughput >= %.0f req/s, p99 <= %.1f ms, no errors)%n", ok ? "MET" : "MISSED",
                    o.minRps(), o.maxP99());
        }
        return ok;
    }

    record Options(String baseUrl, Path credentials, String scenario, int connections, int warmupSeconds, int durationSeconds,
                   String role, int maxUsers, int limit, double minRps, double maxP99, long serverPid, Path pgData,
                   String jfr) {

        static Options parse(String[] args) {
            Map<String, String> a = new TreeMap<>();
            for (int i = 0; i + 1 < args.length; i += 2) {
                a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
            }
            return new Options(a.getOrDefault("base-url", "http://localhost:8080"),
                    Path.of(a.getOrDefault("credentials", "target/dataset/credentials.csv")),
                    a.getOrDefault("scenario", "list"),
                    Integer.parseInt(a.getOrDefault("connections", "64")),
                    Integer.parseInt(a.getOrDefault("warmup", "10")),
                    Integer.parseInt(a.getOrDefault("duration", "30")),
                    a.getOrDefault("role", "manager"),
                    Integer.parseInt(a.getOrDefault("max-users", "64")),
                    Integer.parseInt(a.getOrDefault("limit", "20")),
                    Double.parseDouble(a.getOrDefault("min-rps", "0")),
                    Double.parseDouble(a.getOrDefault("max-p99", "0")),
                    Long.parseLong(a.getOrDefault("server-pid", "0")),
                    a.containsKey("pg-data") ? Path.of(a.get("pg-data")) : null,
                    a.get("jfr"));
        }
    }
}
