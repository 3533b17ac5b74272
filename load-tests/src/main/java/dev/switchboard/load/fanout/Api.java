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

    /** One page (of 100) of the organization's presence list, from {@code cursor} (null for the first). */
    Future<JsonObject> presence(User user, String cursor) {
        String query = cursor == null ? "" : "&cursor=" + java.net.URLEncoder.encode(cursor, java.nio.charset.StandardCharsets.UTF_8);
        return send(HttpMethod.GET, "/api/v1/presence?limit=100" + query, user, null, 200);
    }

    private Future<JsonObject> send(HttpMethod method, String path, User as, JsonObject body, int expected) {
        var request = client.request(method, path);
        if (as != null) {
            request.bearerTokenAuthentication(as.accessToken());
        }
        Future<HttpResponse<Buffer>> response = body == null ? request.send() : request.sendJsonObject(body);
        return response.compose(r -> r.statusCode() == expected ? Future.succeededFuture(r.bodyAsJsonObject())
                : Future.failedFuture(method + " " + path + " answered " + r.statusCode() + ": " + r.bodyAsString()));
    }

    private static User user(JsonObject session) {
        return new User(session.getJsonObject("user").getString("id"), session.getJsonObject("organization").getString("id"),
                session.getString("accessToken"));
    }
}
