package dev.switchboard.load.fanout;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The few REST calls the benchmark needs: an organization, its users, and the writes that cause events. */
final class Api {

    static final String PASSWORD = "fan-out benchmark password";

    /** A signed-in user. */
    record User(String id, String tenantId, String accessToken) {
    }

    private final WebClient client;

    Api(Vertx vertx, String host, int port, int maxConnections) {
        this.client = WebClient.create(vertx, new WebClientOptions().setDefaultHost(host).setDefaultPort(port)
                .setKeepAlive(true).setTcpNoDelay(true), new PoolOptions().setHttp1MaxSize(maxConnections));
    }

    /** A new organization and its admin. */
    Future<User> register() {
        String id = UUID.randomUUID().toString();
        return send(HttpMethod.POST, "/api/v1/auth/register", null, new JsonObject().put("organizationName", "Fan-out " + id)
                .put("email", "admin-" + id + "@bench.test").put("password", PASSWORD).put("fullName", "Bench Admin"), 201)
                .map(Api::user);
    }

    /** {@code count} users of {@code role} in the admin's organization, invited and accepted {@code parallel} at a time. */
    Future<List<User>> users(User admin, String role, int count, int parallel) {
        List<User> users = new ArrayList<>(count);
        int[] next = {0};
        List<Future<Void>> lanes = new ArrayList<>();
        for (int i = 0; i < Math.min(parallel, count); i++) {
            lanes.add(inviteLane(admin, role, count, next, users));
        }
        return Future.all(lanes).map(users);
    }

    private Future<Void> inviteLane(User admin, String role, int count, int[] next, List<User> users) {
        if (next[0] >= count) {
            return Future.succeededFuture();
        }
        next[0]++;
        return invite(admin, role).compose(u -> {
            users.add(u);
            return inviteLane(admin, role, count, next, users);
        });
    }

    private Future<User> invite(User admin, String role) {
        String email = role + "-" + UUID.randomUUID() + "@bench.test";
        return send(HttpMethod.POST, "/api/v1/invites", admin, new JsonObject().put("email", email).put("role", role), 201)
                .compose(invite -> send(HttpMethod.POST, "/api/v1/invites/accept", null, new JsonObject()
                        .put("token", invite.getString("token")).put("fullName", "Bench " + role).put("password", PASSWORD), 201))
                .map(Api::user);
    }

    /** Creates a contact whose {@code company} carries {@code marker}; its {@code contact.created} event goes to {@code org}. */
    Future<JsonObject> createContact(User admin, String marker) {
        return send(HttpMethod.POST, "/api/v1/contacts", admin, new JsonObject().put("firstName", "Fan").put("lastName", "Out")
                .put("company", marker), 201);
    }

    /**
     * Publishes {@code {"marker": marker}} to {@code org} with {@code POST /api/v1/realtime/publish} (202): every
     * staff socket holding {@code org} receives {@code broadcast {channel, event, data, userId, at}}.
     */
    Future<JsonObject> publish(User admin, String marker) {
        return sendWithToken(HttpMethod.POST, "/api/v1/realtime/publish", admin.accessToken(), new JsonObject().put("channel", "org")
                .put("event", "fanout.bench").put("data", new JsonObject().put("marker", marker)), 202);
    }

    /** Publishes {@code data} to {@code channel} (e.g. {@code user:{id}}) with the publish API (202). */
    Future<JsonObject> publish(User admin, String channel, JsonObject data) {
        return sendWithToken(HttpMethod.POST, "/api/v1/realtime/publish", admin.accessToken(), new JsonObject()
                .put("channel", channel).put("event", "fanout.bench").put("data", data), 202);
    }

    /** The sum of a Prometheus counter's samples on {@code GET /metrics} (every tag set), or -1 when it is absent. */
    Future<Double> counter(String name) {
        return client.request(HttpMethod.GET, "/metrics").send().map(r -> {
            double sum = -1;
            for (String line : r.bodyAsString().split("\n")) {
                if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                    sum = Math.max(sum, 0) + Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
            return sum;
        });
    }

    /** The reference server's {@code POST /publish} (200 {delivered}): the body goes to every socket of the token's tenant. */
    Future<JsonObject> publishReference(String token, String marker) {
        return sendWithToken(HttpMethod.POST, "/publish", token, new JsonObject().put("event", "fanout.bench")
                .put("data", new JsonObject().put("marker", marker)), 200);
    }

    /** One page (of 100) of the organization's presence list, from {@code cursor} (null for the first). */
    Future<JsonObject> presence(User user, String cursor) {
        String query = cursor == null ? "" : "&cursor=" + java.net.URLEncoder.encode(cursor, java.nio.charset.StandardCharsets.UTF_8);
        return send(HttpMethod.GET, "/api/v1/presence?limit=100" + query, user, null, 200);
    }

    private Future<JsonObject> send(HttpMethod method, String path, User as, JsonObject body, int expected) {
        return sendWithToken(method, path, as == null ? null : as.accessToken(), body, expected);
    }

    private Future<JsonObject> sendWithToken(HttpMethod method, String path, String token, JsonObject body, int expected) {
        var request = client.request(method, path);
        if (token != null) {
            request.bearerTokenAuthentication(token);
        }
        Future<HttpResponse<Buffer>> response = body == null ? request.send() : request.sendJsonObject(body);
        return response.compose(r -> r.statusCode() == expected
                ? Future.succeededFuture(r.body() == null || r.body().length() == 0 ? new JsonObject() : r.bodyAsJsonObject())
                : Future.failedFuture(method + " " + path + " answered " + r.statusCode() + ": " + r.bodyAsString()));
    }

    private static User user(JsonObject session) {
        return new User(session.getJsonObject("user").getString("id"), session.getJsonObject("organization").getString("id"),
                session.getString("accessToken"));
    }
}
