package dev.switchboard.load.pipeline;

import dev.switchboard.load.fanout.Sockets;
import dev.switchboard.load.rest.ClosedLoop;
import dev.switchboard.load.rest.Http;
import dev.switchboard.load.rest.OpenLoop;
import dev.switchboard.load.rest.RestBench;
import dev.switchboard.load.rest.ServerCpu;
import dev.switchboard.load.rest.Window;
import dev.switchboard.load.webhooks.WebhookSigner;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.function.ToDoubleFunction;

/**
 * Switchboard against the reference server (load-tests/reference), side by side in one run, on the same PostgreSQL:
 *
 * <ul>
 *   <li>{@code tasks}: {@code POST /api/v1/tasks} (ES256 token, task + audit + outbox in one transaction, realtime
 *       fan-out, event consumers) vs the reference's {@code POST /tasks} (HS256 token, one RLS-scoped insert, fan-out),
 *       closed model at N connections, alternating, RUNS times each; medians. Switchboard's
 *       {@code switchboard_events_consumer_lag_seconds} gauge is sampled during its windows.</li>
 *   <li>{@code webhooks}: Switchboard's Standard Webhooks tenant hook {@code /webhooks/in/{slug}/{hookId}} vs the
 *       reference's {@code POST /webhooks/{tenant}} (HMAC-SHA256 of the raw body), the same way; then Switchboard alone at a
 *       steady fraction of its measured rate (open model) and its processing lag (received → processed) read from
 *       {@code webhook_inbox}.</li>
 * </ul>
 *
 * Before every window it waits until the servers and PostgreSQL are idle again (and Switchboard's webhook inbox has
 * drained), so one side's backlog does not run in the other side's window. Exits non-zero when a target is missed.
 * Arguments: {@code --key value}; see {@link Options#parse}.
 */
public final class PipelineBench {

    private static final String PASSWORD = "pipeline-bench-Passw0rd!";

    /** One organization of the run: on Switchboard (admin token, slug, inbound hook) and on the reference (same id). */
    private record Tenant(String id, String slug, String token, String hookId, String hookSecret, String refToken, byte[] refWebhookKey) {
    }

    /** A server under test. */
    private record Side(String name, HttpClientAgent client, ServerCpu cpu, AtomicLong frames) {
    }

    /** One measured window of one side. */
    private record Run(Window window, double processMsPerRequest, double postgresMsPerRequest, double framesPerSecond,
                       Map<String, List<Double>> lag) {

        double cpuMsPerRequest() {
            return processMsPerRequest + postgresMsPerRequest;
        }
    }

    private final Options o;
    private final Vertx vertx;
    private final Side switchboard;
    private final Side reference;
    private final ServerCpu everything;
    private final LagSampler lag;
    private final String runTag = Long.toString(System.currentTimeMillis(), 36);
    private final AtomicLong sequence = new AtomicLong();
    private final List<WebSocket> sockets = new ArrayList<>();
    // Held for the whole run: Vert.x shuts down a client's connections once the client itself is garbage-collected.
    private final List<Object> socketClients = new ArrayList<>();
    private List<Tenant> tenants = List.of();

    private PipelineBench(Options o) {
        this.o = o;
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        this.switchboard = new Side("switchboard", Http.client(vertx, o.switchboard(), o.connections()),
                new ServerCpu(pids(o.switchboardPid()), o.pgData()), new AtomicLong());
        this.reference = new Side("reference", Http.client(vertx, o.reference(), o.connections()),
                new ServerCpu(pids(o.referencePid()), o.pgData()), new AtomicLong());
        List<Long> all = new ArrayList<>(pids(o.switchboardPid()));
        all.addAll(pids(o.referencePid()));
        this.everything = new ServerCpu(all, o.pgData());
        this.lag = new LagSampler(vertx, o.switchboard(), o.metricsIntervalMillis());
    }

    private static List<Long> pids(long pid) {
        return pid > 0 ? List.of(pid) : List.of();
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        PipelineBench bench = new PipelineBench(o);
        boolean ok;
        try {
            ok = bench.run();
        } finally {
            try {
                Sockets.closeAll(bench.sockets).await(10, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                // closing anyway
            }
            bench.vertx.close().await();
        }
        System.exit(ok ? 0 : 1);
    }

    private boolean run() throws Exception {
        System.out.printf("pipeline: switchboard %s, reference %s, %d connections, %d tenants, %d subscriber(s) per tenant "
                        + "and server, warm-up %d s, measure %d s, %d run(s) each, parts %s%n", o.switchboard(), o.reference(),
                o.connections(), o.tenants(), o.subscribers(), o.warmupSeconds(), o.durationSeconds(), o.runs(), o.parts());
        tenants = setup();
        subscribe();
        boolean ok = true;
        if (o.parts().contains("tasks")) {
            ok &= tasks();
        }
        if (o.parts().contains("webhooks")) {
            ok &= webhooks();
        }
        System.out.println("PIPELINE " + (ok ? "ALL TARGETS MET" : "TARGET MISSED"));
        return ok;
    }

    // ---------------------------------------------------------------------------------------------------- setup

    /** Registers the organizations on Switchboard, each with an inbound hook; the reference gets tokens for the same ids. */
    private List<Tenant> setup() {
        List<Tenant> out = new ArrayList<>();
        for (int i = 0; i < o.tenants(); i++) {
            String unique = runTag + "-" + i;
            JsonObject session = new JsonObject(Http.send(switchboard.client(), HttpMethod.POST, "/api/v1/auth/register", (String) null,
                    new JsonObject().put("organizationName", "Pipeline " + unique).put("email", "pipeline-" + unique + "@bench.test")
                            .put("password", PASSWORD).put("fullName", "Pipeline Admin").toBuffer()).await());
            String token = session.getString("accessToken");
            JsonObject org = session.getJsonObject("organization");
            JsonObject hook = new JsonObject(Http.send(switchboard.client(), HttpMethod.POST, "/api/v1/inbound-webhooks", token,
                    new JsonObject().put("name", "Pipeline bench").toBuffer()).await());
            String tenantId = org.getString("id");
            out.add(new Tenant(tenantId, org.getString("slug"), token, hook.getString("id"), hook.getString("secret"),
                    Hs256.token(o.jwtSecret(), o.tenantClaim(), tenantId, Duration.ofHours(6)),
                    WebhookSigner.hmacSha256(o.webhookSecret().getBytes(StandardCharsets.UTF_8), tenantId.getBytes(StandardCharsets.UTF_8))));
        }
        System.out.printf("setup: %d organizations registered on switchboard, each with an inbound hook%n", out.size());
        return out;
    }

    /** Opens the subscriber sockets: Switchboard's {@code org} channel and the reference's {@code /ws}; counts frames. */
    private void subscribe() {
        if (o.subscribers() <= 0) {
            return;
        }
        URI sb = URI.create(o.switchboard());
        Sockets sbSockets = new Sockets(vertx, sb.getHost(), sb.getPort(), 1);
        URI ref = URI.create(o.reference());
        // the client's default of 50 sockets per server would leave the 51st subscriber waiting for ever
        WebSocketClient refClient = vertx.createWebSocketClient(new WebSocketClientOptions().setTcpNoDelay(true).setMaxConnections(100_000)
                .setMaxMessageSize(1024 * 1024).setMaxFrameSize(1024 * 1024));
        socketClients.add(sbSockets);
        socketClients.add(refClient);
        for (Tenant t : tenants) {
            for (int i = 0; i < o.subscribers(); i++) {
                sockets.add(watched("switchboard", sbSockets.open(t.token(), "org", frame -> switchboard.frames().incrementAndGet()).await()));
                sockets.add(watched("reference", openReference(refClient, ref, t).await()));
            }
        }
        System.out.printf("subscribers: %d socket(s) on each server%n", sockets.size() / 2);
    }

    /** A subscriber that goes away stops counting frames: say so, or a run would quietly compare less work. */
    private static WebSocket watched(String side, WebSocket ws) {
        ws.closeHandler(v -> System.out.printf("WARNING: a %s subscriber socket closed (%s %s)%n", side, ws.closeStatusCode(),
                ws.closeReason()));
        ws.exceptionHandler(err -> System.out.printf("WARNING: a %s subscriber socket failed: %s%n", side, err));
        return ws;
    }

    private Future<WebSocket> openReference(WebSocketClient client, URI ref, Tenant t) {
        WebSocketConnectOptions options = new WebSocketConnectOptions().setHost(ref.getHost()).setPort(ref.getPort())
                .setURI("/ws?token=" + URLEncoder.encode(t.refToken(), StandardCharsets.UTF_8));
        return client.connect(options).compose(ws -> {
            Promise<WebSocket> welcomed = Promise.promise();
            ws.closeHandler(v -> welcomed.tryFail("reference socket closed before its welcome: " + ws.closeStatusCode()));
            ws.handler(frame -> {
                if (welcomed.future().isComplete()) {
                    reference.frames().incrementAndGet();
                } else if ("welcome".equals(frame.toJsonObject().getString("type"))) {
                    welcomed.tryComplete(ws);
                }
            });
            return welcomed.future();
        });
    }

    // ---------------------------------------------------------------------------------------------------- part a

    private boolean tasks() throws Exception {
        System.out.printf("%n== tasks: switchboard POST /api/v1/tasks vs reference POST /tasks, %d connections%n", o.connections());
        List<Run> sb = new ArrayList<>();
        List<Run> ref = new ArrayList<>();
        IntFunction<Future<?>> sbTask = i -> Http.send(switchboard.client(), HttpMethod.POST, "/api/v1/tasks",
                tenant(i).token(), RestBench.createTaskBody(sequence.incrementAndGet()));
        IntFunction<Future<?>> refTask = i -> Http.send(reference.client(), HttpMethod.POST, "/tasks",
                tenant(i).refToken(), RestBench.createTaskBody(sequence.incrementAndGet()));
        for (int r = 1; r <= o.runs(); r++) {
            boolean switchboardFirst = r % 2 == 1;
            for (Side side : switchboardFirst ? List.of(switchboard, reference) : List.of(reference, switchboard)) {
                boolean isSb = side == switchboard;
                Run run = closed("tasks", r, side, isSb ? sbTask : refTask, isSb);
                (isSb ? sb : ref).add(run);
            }
        }
        boolean ok = compare("tasks", sb, ref, o.minTaskRatio());
        ok &= consumerLag();
        return ok;
    }

    /** Per consumer, the maximum and p99 of the lag gauge over every Switchboard task window; n/a when not exported. */
    private boolean consumerLag() {
        Map<String, List<Double>> pooled = lag.pooled();
        System.out.printf("metrics: %d scrape(s) of /metrics every %d ms during switchboard's task windows (%d failed)%n",
                lag.scrapes(), o.metricsIntervalMillis(), lag.failedScrapes());
        boolean any = false;
        boolean ok = true;
        for (Map.Entry<String, List<Double>> e : pooled.entrySet()) {
            double[] m = LagSampler.maxAndP99(e.getValue());
            if (LagSampler.isConsumer(e.getKey())) {
                any = true;
                boolean met = m[1] < o.maxConsumerLag();
                ok &= met;
                System.out.printf("CONSUMER_LAG %s max=%.3f s p99=%.3f s (%d samples) %s%n", e.getKey().substring(9), m[0], m[1],
                        e.getValue().size(), met ? "" : "(p99 over target)");
            }
        }
        if (!any) {
            System.out.printf("CONSUMER_LAG n/a (%s)%n", lag.scrapes() == 0 ? "no successful scrape of /metrics"
                    : LagSampler.CONSUMER_LAG + "{consumer=...} not exported by this build");
        } else {
            target("tasks consumer lag p99 < " + o.maxConsumerLag() + " s, every consumer", ok);
        }
        for (Map.Entry<String, List<Double>> e : pooled.entrySet()) {
            if (!LagSampler.isConsumer(e.getKey())) {
                double[] m = LagSampler.maxAndP99(e.getValue());
                System.out.printf("other lag gauge (no target) %s max=%.3f s p99=%.3f s%n", e.getKey(), m[0], m[1]);
            }
        }
        return ok;
    }

    // ---------------------------------------------------------------------------------------------------- part b

    private boolean webhooks() throws Exception {
        System.out.printf("%n== webhooks: switchboard POST /webhooks/in/{slug}/{hookId} (Standard Webhooks) vs reference "
                + "POST /webhooks/{tenant} (HMAC-SHA256), %d connections%n", o.connections());
        List<Run> sb = new ArrayList<>();
        List<Run> ref = new ArrayList<>();
        IntFunction<Future<?>> sbHook = i -> sendSwitchboardHook(tenant(i), "pl-" + runTag + "-" + sequence.incrementAndGet());
        IntFunction<Future<?>> refHook = i -> sendReferenceHook(tenant(i), "pl-" + runTag + "-" + sequence.incrementAndGet());
        for (int r = 1; r <= o.runs(); r++) {
            boolean switchboardFirst = r % 2 == 1;
            for (Side side : switchboardFirst ? List.of(switchboard, reference) : List.of(reference, switchboard)) {
                boolean isSb = side == switchboard;
                (isSb ? sb : ref).add(closed("webhooks", r, side, isSb ? sbHook : refHook, false));
            }
        }
        boolean ok = compare("webhooks", sb, ref, o.minWebhookRatio());
        if (o.steadySeconds() > 0) {
            steady(median(sb, run -> run.window().rps()));
        }
        return ok;
    }

    /** Switchboard alone at a fraction of its measured webhook rate, then the processing lag of exactly those events. */
    private void steady(double maxRps) throws Exception {
        double rate = Math.max(1, maxRps * o.steadyFraction());
        String prefix = "steady-" + runTag + "-";
        System.out.printf("%n== webhooks steady: switchboard at %.0f/s (%.0f%% of its median %.0f/s) for %d s%n", rate,
                o.steadyFraction() * 100, maxRps, o.steadySeconds());
        settle();
        Window w = OpenLoop.run(vertx, "switchboard webhooks steady", rate, o.steadySeconds(), o.maxInFlight(),
                n -> sendSwitchboardHook(tenants.get((int) (n % tenants.size())), prefix + n));
        System.out.printf("RESULT part=webhooks-steady side=switchboard target_rate=%.0f/s sent=%d acknowledged=%d errors=%d "
                        + "rate=%.0f/s ack p50=%.2f ms p99=%.2f ms max=%.2f ms%s%n", rate, w.requests(), w.requests() - w.errors(),
                w.errors(), w.rps(), w.p50(), w.p99(), w.max(), w.failures().isEmpty() ? "" : " errors by status " + w.failures());
        if (o.pgData() == null) {
            System.out.println("PROCESSING_LAG n/a (no --pg-data: the inbox cannot be read)");
            return;
        }
        try (Connection db = DriverManager.getConnection(jdbcUrl())) {
            Instant deadline = Instant.now().plusSeconds(o.drainMaxSeconds());
            long waiting;
            while ((waiting = count(db, "SELECT count(*) FROM webhook_inbox WHERE provider = 'tenant' AND event_id LIKE ? "
                    + "AND processed_at IS NULL AND status = 'received'", prefix + "%")) > 0 && Instant.now().isBefore(deadline)) {
                Thread.sleep(500);
            }
            try (PreparedStatement st = db.prepareStatement("""
                    SELECT count(*),
                           count(*) FILTER (WHERE processed_at IS NULL),
                           percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM coalesce(processed_at, now()) - received_at)),
                           percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM coalesce(processed_at, now()) - received_at)),
                           max(extract(epoch FROM coalesce(processed_at, now()) - received_at))
                    FROM webhook_inbox WHERE provider = 'tenant' AND event_id LIKE ?""")) {
                st.setString(1, prefix + "%");
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                    System.out.printf("PROCESSING_LAG received->processed p50=%.0f ms p99=%.0f ms max=%.0f ms; %d of %d acknowledged "
                                    + "events stored, %d not processed when read (counted with lag up to now)%n",
                            rs.getDouble(3) * 1000, rs.getDouble(4) * 1000, rs.getDouble(5) * 1000, rs.getLong(1),
                            w.requests() - w.errors(), rs.getLong(2));
                }
            }
        }
    }

    private Future<Buffer> sendSwitchboardHook(Tenant t, String id) {
        String body = webhookBody(id);
        long now = Instant.now().getEpochSecond();
        return Http.send(switchboard.client(), HttpMethod.POST, "/webhooks/in/" + t.slug() + "/" + t.hookId(),
                Map.of("webhook-id", id, "webhook-timestamp", Long.toString(now),
                        "webhook-signature", WebhookSigner.svix(t.hookSecret(), id, now, body)), Buffer.buffer(body));
    }

    private Future<Buffer> sendReferenceHook(Tenant t, String id) {
        byte[] body = webhookBody(id).getBytes(StandardCharsets.UTF_8);
        return Http.send(reference.client(), HttpMethod.POST, "/webhooks/" + t.id(),
                Map.of("webhook-id", id, "x-signature", "sha256=" + WebhookSigner.hmacSha256Hex(t.refWebhookKey(), body)),
                Buffer.buffer(body));
    }

    private static String webhookBody(String id) {
        return new JsonObject().put("type", "lead.created").put("id", id).put("data", new JsonObject()
                .put("email", "lead-" + id + "@example.test").put("name", "Pipeline Lead").put("source", "pipeline-bench")).encode();
    }

    // ---------------------------------------------------------------------------------------------------- measuring

    private Tenant tenant(int connection) {
        return tenants.get(connection % tenants.size());
    }

    /** One closed-model window of {@code side}, after the machine has settled. */
    private Run closed(String part, int run, Side side, IntFunction<Future<?>> request, boolean sampleLag) throws Exception {
        settle();
        ClosedLoop loop = ClosedLoop.start(vertx, o.connections(), request);
        Thread.sleep(TimeUnit.SECONDS.toMillis(o.warmupSeconds()));
        long[] cpuBefore = side.cpu().millis();
        long framesBefore = side.frames().get();
        if (sampleLag) {
            lag.start();
        }
        loop.startWindow();
        Thread.sleep(TimeUnit.SECONDS.toMillis(o.durationSeconds()));
        double seconds = loop.endWindow();
        long frames = side.frames().get() - framesBefore;
        long[] cpuAfter = side.cpu().millis();
        Map<String, List<Double>> lagWindow = sampleLag ? lag.stop() : Map.of();
        Window w = loop.finish(side.name() + " " + part);
        int served = Math.max(1, w.requests() - w.errors());
        Run result = new Run(w, (double) (cpuAfter[0] - cpuBefore[0]) / served, (double) (cpuAfter[1] - cpuBefore[1]) / served,
                frames / seconds, lagWindow);
        StringBuilder lagText = new StringBuilder();
        lagWindow.forEach((series, values) -> {
            if (LagSampler.isConsumer(series)) {
                double[] m = LagSampler.maxAndP99(values);
                lagText.append(String.format(" lag[%s] max=%.3f s p99=%.3f s", series.substring(9), m[0], m[1]));
            }
        });
        System.out.printf("RESULT part=%s run=%d side=%s connections=%d requests=%d errors=%d throughput=%.0f req/s p50=%.2f ms "
                        + "p95=%.2f ms p99=%.2f ms max=%.2f ms cpu/request=%.3f ms (process %.3f + postgres %.3f) "
                        + "server cpu=%.0f%% of a core, subscriber frames=%.0f/s%s%s%n", part, run, side.name(), o.connections(),
                w.requests(), w.errors(), w.rps(), w.p50(), w.p95(), w.p99(), w.max(), result.cpuMsPerRequest(),
                result.processMsPerRequest(), result.postgresMsPerRequest(),
                (cpuAfter[0] - cpuBefore[0] + cpuAfter[1] - cpuBefore[1]) / seconds / 10, frames / seconds,
                w.failures().isEmpty() ? "" : " errors by status " + w.failures(), lagText);
        return result;
    }

    /**
     * Waits until the servers and PostgreSQL together use less than the idle threshold of one core over a second, and
     * Switchboard's webhook inbox has nothing left to process; at most {@code settleMax} seconds.
     */
    private void settle() throws Exception {
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(o.settleMaxSeconds());
        double cpu;
        long inbox;
        do {
            long[] before = everything.millis();
            Thread.sleep(1000);
            long[] after = everything.millis();
            cpu = (after[0] - before[0] + after[1] - before[1]) / 1000.0;
            inbox = inboxWaiting();
            if (cpu < o.idleCpu() && inbox <= 0) {
                double waited = (System.nanoTime() - start) / 1e9;
                if (waited > 1.5) {
                    System.out.printf("settled: idle after %.0f s%n", waited);
                }
                return;
            }
        } while (System.nanoTime() < deadline);
        System.out.printf("WARNING not idle after %d s (servers + postgres at %.0f%% of a core, %d webhook(s) waiting in the "
                + "inbox): the next window shares the CPU with that backlog%n", o.settleMaxSeconds(), cpu * 100, inbox);
    }

    /** Switchboard's inbox events not yet processed, or -1 when the database cannot be read. */
    private long inboxWaiting() {
        if (o.pgData() == null) {
            return -1;
        }
        try (Connection db = DriverManager.getConnection(jdbcUrl())) {
            return count(db, "SELECT count(*) FROM webhook_inbox WHERE status = 'received'");
        } catch (Exception e) {
            return -1;
        }
    }

    private static long count(Connection db, String sql, String... parameters) throws Exception {
        try (PreparedStatement st = db.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                st.setString(i + 1, parameters[i]);
            }
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** The embedded cluster's superuser address, from the port in its {@code postmaster.pid}. */
    private String jdbcUrl() throws Exception {
        String port = Files.readAllLines(o.pgData().resolve("postmaster.pid")).get(3).trim();
        return "jdbc:postgresql://localhost:" + port + "/" + o.database() + "?user=" + o.dbUser();
    }

    /** Prints both sides' medians and the ratio; true when every target of the part is met. */
    private boolean compare(String part, List<Run> sb, List<Run> ref, double minRatio) {
        System.out.printf("%n%-12s %5s %10s %9s %9s %9s %7s %22s%n", part, "runs", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors",
                "cpu ms/req (proc+pg)");
        for (Map.Entry<String, List<Run>> e : Map.of("switchboard", sb, "reference", ref).entrySet().stream()
                .sorted(Map.Entry.<String, List<Run>>comparingByKey().reversed()).toList()) {
            List<Run> runs = e.getValue();
            System.out.printf("%-12s %5d %10.0f %9.2f %9.2f %9.2f %7d %8.3f (%.3f+%.3f)%n", e.getKey(), runs.size(),
                    median(runs, r -> r.window().rps()), median(runs, r -> r.window().p50()), median(runs, r -> r.window().p95()),
                    median(runs, r -> r.window().p99()), runs.stream().mapToInt(r -> r.window().errors()).sum(),
                    median(runs, Run::cpuMsPerRequest), median(runs, Run::processMsPerRequest), median(runs, Run::postgresMsPerRequest));
        }
        double sbRps = median(sb, r -> r.window().rps());
        double refRps = median(ref, r -> r.window().rps());
        double sbP99 = median(sb, r -> r.window().p99());
        double refP99 = median(ref, r -> r.window().p99());
        int errors = sb.stream().mapToInt(r -> r.window().errors()).sum() + ref.stream().mapToInt(r -> r.window().errors()).sum();
        double ratio = refRps > 0 ? sbRps / refRps : Double.NaN;
        System.out.printf("SUMMARY part=%s switchboard=%.0f req/s reference=%.0f req/s ratio=%.2f switchboard_p99=%.2f ms "
                        + "reference_p99=%.2f ms p99_no_worse=%s errors=%d%n", part, sbRps, refRps, ratio, sbP99, refP99,
                sbP99 <= refP99 ? "yes" : "no", errors);
        boolean ok = target(part + " ratio >= " + minRatio, ratio >= minRatio);
        ok &= target(part + " switchboard p99 <= reference p99", sbP99 <= refP99);
        ok &= target(part + " no errors on either side", errors == 0);
        return ok;
    }

    private static boolean target(String what, boolean met) {
        System.out.printf("TARGET %s: %s%n", what, met ? "MET" : "MISSED");
        return met;
    }

    private static double median(List<Run> runs, ToDoubleFunction<Run> value) {
        double[] v = runs.stream().mapToDouble(value).toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    record Options(String switchboard, String reference, long switchboardPid, long referencePid, Path pgData, String database,
                   String dbUser, String jwtSecret, String webhookSecret, String tenantClaim, int tenants, int subscribers,
                   int connections, int warmupSeconds, int durationSeconds, int runs, Set<String> parts, double minTaskRatio,
                   double minWebhookRatio, double maxConsumerLag, long metricsIntervalMillis, int steadySeconds,
                   double steadyFraction, int maxInFlight, int drainMaxSeconds, int settleMaxSeconds, double idleCpu) {

        static Options parse(String[] args) {
            Map<String, String> a = new TreeMap<>();
            for (int i = 0; i + 1 < args.length; i += 2) {
                a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
            }
            for (String key : List.of("jwt-secret", "webhook-secret")) {
                if (!a.containsKey(key)) {
                    throw new IllegalArgumentException("--" + key + " is required (the reference server's test secret)");
                }
            }
            return new Options(a.getOrDefault("switchboard", "http://127.0.0.1:8080"),
                    a.getOrDefault("reference", "http://127.0.0.1:8290"),
                    Long.parseLong(a.getOrDefault("switchboard-pid", "0")),
                    Long.parseLong(a.getOrDefault("reference-pid", "0")),
                    a.containsKey("pg-data") ? Path.of(a.get("pg-data")) : null,
                    a.getOrDefault("database", "switchboard"),
                    a.getOrDefault("db-user", "postgres"),
                    a.get("jwt-secret"),
                    a.get("webhook-secret"),
                    a.getOrDefault("tenant-claim", "tid"),
                    Integer.parseInt(a.getOrDefault("tenants", "8")),
                    Integer.parseInt(a.getOrDefault("subscribers", "1")),
                    Integer.parseInt(a.getOrDefault("connections", "64")),
                    Integer.parseInt(a.getOrDefault("warmup", "10")),
                    Integer.parseInt(a.getOrDefault("duration", "60")),
                    Integer.parseInt(a.getOrDefault("runs", "3")),
                    new LinkedHashSet<>(Arrays.asList(a.getOrDefault("parts", "tasks,webhooks").split(","))),
                    Double.parseDouble(a.getOrDefault("min-task-ratio", "1.25")),
                    Double.parseDouble(a.getOrDefault("min-webhook-ratio", "2")),
                    Double.parseDouble(a.getOrDefault("max-consumer-lag", "1")),
                    Long.parseLong(a.getOrDefault("metrics-interval", "250")),
                    Integer.parseInt(a.getOrDefault("steady", "30")),
                    Double.parseDouble(a.getOrDefault("steady-fraction", "0.5")),
                    Integer.parseInt(a.getOrDefault("max-in-flight", "4096")),
                    Integer.parseInt(a.getOrDefault("drain-max", "120")),
                    Integer.parseInt(a.getOrDefault("settle-max", "120")),
                    Double.parseDouble(a.getOrDefault("idle-cpu", "0.15")));
        }
    }
}
