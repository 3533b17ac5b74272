package dev.switchboard.realtime;

import dev.switchboard.auth.Authenticator;
import dev.switchboard.platform.bus.TenantBus;
import dev.switchboard.platform.config.RealtimeConfig;
import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.http.ApiRoutes;
import dev.switchboard.platform.http.Endpoint;
import dev.switchboard.tenancy.AccessCache;
import dev.switchboard.tenancy.Records;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.List;

/**
 * This node's realtime gateway, assembled from its parts by the composition root: the connection
 * registry, the one fan-out consumer, presence, typing, and the {@code /ws} and {@code /api/v1/presence}
 * endpoints (mounted on every HTTP verticle instance).
 */
public final class RealtimeGateway {

    private final ConnectionRegistry registry;
    private final Fanout fanout;
    private final List<Endpoint> endpoints;
    private MessageConsumer<Object> consumer;

    public RealtimeGateway(Vertx vertx, Db db, Authenticator authenticator, AccessCache access, Records records, ApiRoutes routes,
                           RealtimeConfig config, boolean trustForwardedFor, MeterRegistry meters) {
        RealtimeMetrics metrics = new RealtimeMetrics(meters);
        this.registry = new ConnectionRegistry(config.maxConnectionsPerUser(), metrics);
        this.fanout = new Fanout(registry);
        PresenceTracker presence = new PresenceTracker(vertx, db, registry, config.presenceGrace());
        TypingRelay typing = new TypingRelay(vertx, registry, config.typingThrottle(), config.typingExpiry());
        RecipientFilter filter = new RecipientFilter(records, access, config.accessCacheTtl().toNanos());
        Handshake handshake = new Handshake(vertx, db, authenticator, registry, presence, config.authTimeout());
        ClientFrames frames = new ClientFrames(handshake, registry, new ChannelAccess(filter),
                new Resumer(db, config.resumeMaxEvents(), config.resumeMaxAge(), metrics), presence, typing, config.maxSubscriptions());
        Sessions sessions = new Sessions(vertx, config, handshake, frames, filter, registry, presence, typing, metrics);
        this.endpoints = List.of(new WebSocketEndpoint(sessions, trustForwardedFor),
                new PresenceEndpoint(new PresenceService(db, presence), routes));
    }

    public List<Endpoint> endpoints() {
        return endpoints;
    }

    /** The fan-out, for a bridge that brings other nodes' events. */
    public Fanout fanout() {
        return fanout;
    }

    /** Starts consuming the node's domain events. */
    public Future<Void> start(TenantBus bus) {
        consumer = fanout.listen(bus);
        return consumer.completion();
    }

    /** Stops consuming and closes every socket with "going away", so clients reconnect and resume elsewhere. */
    public Future<Void> close() {
        registry.all().forEach(c -> c.close(CloseCodes.GOING_AWAY, "server shutting down"));
        return consumer == null ? Future.succeededFuture() : consumer.unregister();
    }
}
