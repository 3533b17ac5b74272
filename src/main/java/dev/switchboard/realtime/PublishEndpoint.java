package dev.switchboard.realtime;

import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.error.ApiException;
import dev.switchboard.platform.http.ApiRoutes;
import dev.switchboard.platform.http.Endpoint;
import dev.switchboard.platform.http.Requests;
import dev.switchboard.platform.http.Responses;
import dev.switchboard.platform.http.Validator;
import dev.switchboard.tenancy.Permission;
import dev.switchboard.tenancy.Principal;
import dev.switchboard.tenancy.Records;
import dev.switchboard.tenancy.UserStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code POST /api/v1/realtime/publish}: an integration sends an ephemeral message to a channel's subscribers in
 * its organization, on every node: {@code broadcast {channel, event, data, userId, at}}. Not stored, not replayed.
 * Needs {@code realtime.publish}; a record or user channel must name one of the caller's organization; at most
 * {@code publishesPerSecond} per organization and node (then 429), and {@code data} at most one frame's size.
 */
public final class PublishEndpoint implements Endpoint {

    private final EphemeralRelay relay;
    private final Records records;
    private final Db db;
    private final ApiRoutes routes;
    private final int perSecond;
    private final int maxDataBytes;
    private final Map<UUID, InboundLimiter> limiters = new ConcurrentHashMap<>();

    PublishEndpoint(EphemeralRelay relay, Records records, Db db, ApiRoutes routes, int perSecond, int maxDataBytes) {
        this.relay = relay;
        this.records = records;
        this.db = db;
        this.routes = routes;
        this.perSecond = perSecond;
        this.maxDataBytes = maxDataBytes;
    }

    @Override
    public void addRoutes(Router router) {
        routes.post(router, "/api/v1/realtime/publish", this::publish);
    }

    @Override
    public String openApiFragment() {
        return "openapi/realtime-publish.json";
    }

    private void publish(RoutingContext ctx) {
        Principal p = Principal.of(ctx);
        p.require(Permission.REALTIME_PUBLISH);
        JsonObject body = Requests.jsonBody(ctx);
        Validator v = new Validator(body);
        String name = v.requiredString("channel", 200);
        String event = v.requiredString("event", EphemeralRelay.MAX_EVENT_LENGTH);
        Object data = body.getValue("data");
        Channel channel = name == null ? null : Channel.parse(name);
        if (name != null && (channel == null || channel.kind() == Channel.Kind.PRESENCE)) {
            v.fail("channel", "must be org, user:{id}, case:{id} or conversation:{id}");
        }
        if (data != null && JsonObject.of("d", data).encode().getBytes(StandardCharsets.UTF_8).length > maxDataBytes) {
            v.fail("data", "must encode to at most " + maxDataBytes + " bytes");
        }
        v.check();
        if (!admit(p.tenantId())) {
            throw ApiException.tooManyRequests(1);
        }
        Responses.then(ctx, exists(p, channel), found -> {
            if (!found) {
                throw ApiException.unknownReference("channel", channel.name() + " is not a record of your organization");
            }
            relay.publish(p.tenantId(), channel, event, data, p.userId(), null);
            Responses.accepted(ctx, new JsonObject().put("channel", channel.name()).put("event", event));
        });
    }

    /** Whether the channel's record or user is one of the caller's organization (and, for a record, readable). */
    private Future<Boolean> exists(Principal p, Channel channel) {
        return switch (channel.kind()) {
            case ORG, PRESENCE -> Future.succeededFuture(true);
            case USER -> db.readInTenant(p.tenantId(), conn -> UserStore.find(conn, p.tenantId(), channel.id()))
                    .map(user -> user != null);
            case CASE, CONVERSATION -> records.canRead(p, channel.kind().recordType(), channel.id());
        };
    }

    private boolean admit(UUID tenantId) {
        InboundLimiter limiter = limiters.computeIfAbsent(tenantId, t -> new InboundLimiter(perSecond));
        synchronized (limiter) {
            return limiter.hit() == InboundLimiter.Verdict.ACCEPT;
        }
    }
}
