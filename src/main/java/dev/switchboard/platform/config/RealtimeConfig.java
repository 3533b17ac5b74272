package dev.switchboard.platform.config;

import java.time.Duration;

/**
 * The WebSocket gateway's limits and timings ({@code SWITCHBOARD_REALTIME_*}).
 *
 * @param authTimeout        how long a socket may stay unauthenticated before it is closed
 * @param maxConnectionsPerUser sockets one user may hold on one node
 * @param maxFramesPerSecond inbound frames per second per socket; more get an error, twice as many close it
 * @param maxFrameBytes      largest inbound message
 * @param maxSubscriptions   channels one socket may hold besides its own user channel
 * @param maxQueuedFrames    outbound frames waiting for a slow client before it is closed
 * @param pingInterval       how often the server pings
 * @param idleTimeout        a socket that sent nothing (not even a pong) for this long is closed
 * @param presenceGrace      how long a user stays online after their last socket closed
 * @param typingThrottle     at most one relayed "typing started" per user and conversation per this interval
 * @param typingExpiry       a typing indicator not refreshed for this long stops by itself
 * @param resumeMaxEvents    the largest gap {@code resume} replays; beyond it the answer is {@code resync_required}
 * @param resumeMaxAge       the oldest missed event {@code resume} replays
 * @param accessCacheTtl     how long a socket trusts a record-read decision or its user's permissions
 * @param broadcastsPerSecond client {@code broadcast} frames one socket may send per second; more are dropped
 * @param publishesPerSecond  publish API calls one organization may make per second on one node; more answer 429
 * @param presenceTick       presence changes are batched and sent once per tick
 * @param flushInterval      the least time between two writes of one socket to the kernel: frames for a socket
 *                           written to moments ago wait for it and go out together
 */
public record RealtimeConfig(
        Duration authTimeout,
        int maxConnectionsPerUser,
        int maxFramesPerSecond,
        int maxFrameBytes,
        int maxSubscriptions,
        int maxQueuedFrames,
        Duration pingInterval,
        Duration idleTimeout,
        Duration presenceGrace,
        Duration typingThrottle,
        Duration typingExpiry,
        int resumeMaxEvents,
        Duration resumeMaxAge,
        Duration accessCacheTtl,
        int broadcastsPerSecond,
        int publishesPerSecond,
        Duration presenceTick,
        Duration flushInterval) {

    public RealtimeConfig {
        if (idleTimeout.compareTo(pingInterval) <= 0) {
            throw new ConfigException("invalid configuration: realtime.idleTimeout must be longer than realtime.pingInterval");
        }
    }

    /** Reads the {@code realtime.*} settings with their defaults. */
    static RealtimeConfig load(Settings s) {
        return new RealtimeConfig(
                s.duration("realtime.authTimeout", Duration.ofSeconds(5)),
                s.integer("realtime.maxConnectionsPerUser", 10, 1, 1000),
                s.integer("realtime.maxFramesPerSecond", 20, 1, 10_000),
                (int) Math.min(s.bytes("realtime.maxFrameBytes", 64 * 1024), 16 * 1024 * 1024),
                s.integer("realtime.maxSubscriptions", 100, 1, 10_000),
                s.integer("realtime.maxQueuedFrames", 1000, 1, 1_000_000),
                s.duration("realtime.pingInterval", Duration.ofSeconds(25)),
                s.duration("realtime.idleTimeout", Duration.ofSeconds(60)),
                s.duration("realtime.presenceGrace", Duration.ofSeconds(10)),
                s.duration("realtime.typingThrottle", Duration.ofSeconds(2)),
                s.duration("realtime.typingExpiry", Duration.ofSeconds(6)),
                s.integer("realtime.resumeMaxEvents", 10_000, 1, 1_000_000),
                s.duration("realtime.resumeMaxAge", Duration.ofHours(24)),
                s.duration("realtime.accessCacheTtl", Duration.ofSeconds(10)),
                s.integer("realtime.broadcastsPerSecond", 10, 1, 1000),
                s.integer("realtime.publishesPerSecond", 100, 1, 100_000),
                s.duration("realtime.presenceTick", Duration.ofMillis(50)),
                s.duration("realtime.flushInterval", Duration.ofMillis(10)));
    }
}
