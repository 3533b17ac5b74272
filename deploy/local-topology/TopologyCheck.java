import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The end-to-end check of the local topology, run by deploy/local-topology.sh with the server jar on the class path
 * (for its JSON and WebSocket classes): a REST write on node 1 reaches a WebSocket subscriber on node 2, and a secret written
 * through node 1 is read through node 2. Prints one line per step; exits 1 on the first failure.
 *
 * <p>Usage: {@code java -cp target/switchboard.jar TopologyCheck.java <node 1 base URL> <node 2 base URL>}
 */
public final class TopologyCheck {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final long STARTED = System.nanoTime();

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: TopologyCheck <node 1 base URL> <node 2 base URL>");
            System.exit(2);
        }
        // the server jar's logging setup: only errors, so a slow machine's blocked-thread warnings do not drown the steps
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.ERROR);
        String node1 = args[0];
        String node2 = args[1];
        try {
            run(node1, node2);
        } catch (AssertionError e) {
            System.out.println("FAIL " + e.getMessage());
            System.exit(1);
        } catch (Exception e) {
            System.out.println("FAIL " + e);
            System.exit(1);
        }
        System.out.println("PASS end to end in " + elapsed());
    }

    private static void run(String node1, String node2) throws Exception {
        expect(200, get(node1, "/health/ready", null), "node 1 ready");
        expect(200, get(node2, "/health/ready", null), "node 2 ready");
        step("both nodes answer /health/ready with 200");

        String email = "topology-" + UUID.randomUUID() + "@example.test";
        HttpResponse<String> registered = send(node1, "POST", "/api/v1/auth/register", null, new JsonObject()
                .put("organizationName", "Topology Check " + UUID.randomUUID().toString().substring(0, 8))
                .put("email", email).put("password", "Topology-check-" + UUID.randomUUID())
                .put("fullName", "Topology Check"));
        expect(201, registered, "register on node 1");
        String token = new JsonObject(registered.body()).getString("accessToken");
        step("registered an organization on node 1");

        LinkedBlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
        Vertx vertx = Vertx.vertx();
        // held (and closed) for the whole check: a client nothing refers to may be collected, its connections with it
        WebSocketClient client = vertx.createWebSocketClient();
        try {
            WebSocketConnectOptions connect = new WebSocketConnectOptions()
                    .setAbsoluteURI(node2.replaceFirst("^http", "ws") + "/ws")
                    // a mobile client: no Origin header (browser origins are checked against the CORS allow-list)
                    .setAllowOriginHeader(false)
                    .addHeader("Authorization", "Bearer " + token);
            WebSocket socket = client.connect(connect)
                    .onSuccess(ws -> ws.textMessageHandler(text -> frames.add(new JsonObject(text)))
                            .closeHandler(v -> frames.add(new JsonObject().put("type", "closed").put("status", ws.closeStatusCode()))))
                    .toCompletionStage().toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            await(frames, "welcome", null, "welcome from node 2");
            socket.writeTextMessage(new JsonObject().put("type", "subscribe").put("channel", "org").encode());
            await(frames, "subscribed", null, "subscribed to org on node 2");
            step("socket on node 2 authenticated with Authorization: Bearer and subscribed to org");

            HttpResponse<String> task = send(node1, "POST", "/api/v1/tasks", token,
                    new JsonObject().put("title", "Crosses nodes " + UUID.randomUUID()));
            expect(201, task, "create a task on node 1");
            String taskId = new JsonObject(task.body()).getString("id");
            long written = System.nanoTime();
            await(frames, "event", taskId, "the task's event on node 2");
            step("task created on node 1 reached the socket on node 2 in " + (System.nanoTime() - written) / 1_000_000 + " ms");
        } finally {
            client.close();
            vertx.close();
        }

        String secret = "re_topology_" + UUID.randomUUID().toString().replace("-", "");
        expect(200, send(node1, "PATCH", "/api/v1/integrations", token,
                new JsonObject().put("resendApiKey", secret).put("version", 0)), "store a secret on node 1");
        HttpResponse<String> read = get(node2, "/api/v1/integrations", token);
        expect(200, read, "read the secret on node 2");
        String masked = new JsonObject(read.body()).getString("resendApiKey");
        if (masked == null || !masked.endsWith(secret.substring(secret.length() - 4))) {
            throw new AssertionError("node 2 read the secret as " + masked + ", not the value node 1 stored");
        }
        step("secret stored through node 1 decrypted by node 2 (" + masked + ")");
    }

    /** Waits for a frame of {@code type} (mentioning {@code text} when given); fails on an error frame or after the timeout. */
    private static void await(LinkedBlockingQueue<JsonObject> frames, String type, String text, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            JsonObject frame = frames.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (frame == null) {
                break;
            }
            if ("error".equals(frame.getString("type")) || "closed".equals(frame.getString("type"))) {
                throw new AssertionError(what + ": " + frame.encode());
            }
            if (type.equals(frame.getString("type")) && (text == null || frame.encode().contains(text))) {
                return;
            }
        }
        throw new AssertionError(what + ": nothing within " + TIMEOUT.toSeconds() + " s");
    }

    private static HttpResponse<String> get(String base, String path, String token) throws Exception {
        return send(base, "GET", path, token, null);
    }

    private static HttpResponse<String> send(String base, String method, String path, String token, JsonObject body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.encode()));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void expect(int status, HttpResponse<String> response, String what) {
        if (response.statusCode() != status) {
            throw new AssertionError(what + ": expected " + status + ", got " + response.statusCode() + " " + response.body());
        }
    }

    private static void step(String what) {
        System.out.println("ok   " + what + " [" + elapsed() + "]");
    }

    private static String elapsed() {
        return String.format("%.1f s", (System.nanoTime() - STARTED) / 1e9);
    }
}
