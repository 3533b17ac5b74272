package dev.switchboard.realtime;

import dev.switchboard.auth.AccessChanges;
import dev.switchboard.auth.Authenticator;
import dev.switchboard.platform.bus.TenantBus;
import dev.switchboard.platform.cluster.ClusterLink;
import dev.switchboard.platform.config.KafkaConfig;
import dev.switchboard.platform.config.RealtimeConfig;
import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.http.ApiRoutes;
import dev.switchboard.platform.http.Endpoint;
import dev.switchboard.tenancy.Records;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.List;

/**
 * This node's realtime gateway, assembled from its parts by the composition root: the connection
 * registry, the one fan-out consumer, presence, typing, and the {@code /ws} and {@code /api/v1/presence}
 * endpoints (mounted on every HTTP verticle instance). Presence and typing cross to other nodes over the
 * cluster link; events arrive from them on {@link TenantBus#NODE_EVENTS}.
 */
public final class RealtimeGateway {

    private final ConnectionRegistry registry;
    private final Fanout fanout;
    private final TimelineFrames timelineFrames;
    private final List<Endpoint> endpoints;
    private final PresenceTracker presence;
    private final AccessRevoker revoker;
    private MessageConsumer<Object> consumer;
    private MessageConsumer<Object> timelineConsumer;

    public RealtimeGateway(Vertx vertx, Db db, Authenticator authenticator, Records records, ApiRoutes routes,
                           RealtimeConfig config, boolean trustForwardedFor, MeterRegistry meters, ClusterLink link, KafkaConfig cluster) {
        RealtimeMetrics metrics = new RealtimeMetrics(meters);
        this.registry = new ConnectionRegistry(config.maxConnectionsPerUser(), metrics);
        this.fanout = new Fanout(registry);
        this.timelineFrames = new TimelineFrames(registry);
        this.presence = new PresenceTracker(vertx, db, registry, config.presenceGrace(), config.presenceTick(), link, cluster.heartbeatInterval(),
                cluster.nodeTimeout());
        metrics.presenceNodes(presence);
        TypingRelay typing = new TypingRelay(vertx, registry, config.typingThrottle(), config.typingExpiry(), link);
        RecipientFilter filter = new RecipientFilter(records, authenticator, config.accessCacheTtl().toNanos());
        Handshake handshake = new Handshake(vertx, db, authenticator, registry, presence, config.authTimeout());
        ChannelAccess channels = new ChannelAccess(filter);
        EphemeralRelay ephemeral = new EphemeralRelay(registry, link);
        this.revoker = new AccessRevoker(registry, filter, channels);
        ClientFrames frames = new ClientFrames(handshake, registry, channels,
                new Resumer(db, config.resumeMaxEvents(), config.resumeMaxAge(), metrics), presence, typing, config.maxSubscriptions(), ephemeral,
                config.broadcastsPerSecond());
        Sessions sessions = new Sessions(vertx, config, handshake, frames, filter, registry, presence, typing, metrics);
        this.endpoints = List.of(new WebSocketEndpoint(sessions, authenticator, trustForwardedFor),
                new PresenceEndpoint(new PresenceService(db, presence), routes),
                new PublishEndpoint(ephemeral, records, db, routes, config.publishesPerSecond(), config.maxFrameBytes()));
    }

    public List<Endpoint> endpoints() {
        return endpoints;
    }

    /** Closes or re-scopes the sockets of users whose access changes (see {@link AccessChanges}). */
    public void follow(AccessChanges changes) {
        changes.onChange(revoker);
    }

    /** Starts consuming the node's domain events and, in a cluster, the presence heartbeat. */
    public Future<Void> start(TenantBus bus) {
        consumer = fanout.listen(bus);
        timelineConsumer = timelineFrames.listen(bus);
        presence.start();
        return Future.all(consumer.completion(), timelineConsumer.completion()).mapEmpty();
    }

    /**
     * Stops consuming, closes every socket with "going away" (clients reconnect and resume elsewhere), tells
     * the other nodes this node's users are gone and stores their last-seen times.
     */
    public Future<Void> close() {
        registry.all().forEach(c -> c.close(CloseCodes.GOING_AWAY, "server shutting down"));
        Future<Void> left = presence.leave().recover(err -> Future.succeededFuture());
        Future<Void> stopped = consumer == null ? Future.succeededFuture()
                : Future.all(consumer.unregister(), timelineConsumer.unregister()).mapEmpty();
        return Future.join(left, stopped).mapEmpty();
    }
}
