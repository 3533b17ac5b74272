package dev.switchboard.realtime;

import dev.switchboard.auth.Authenticator;
import dev.switchboard.platform.db.BatchedLookups;
import dev.switchboard.platform.db.Db;
import dev.switchboard.tenancy.Principal;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Authenticates a socket: by the upgrade's bearer token or by an {@code auth} frame within the timeout;
 * admits it (per-user limit), joins its {@code user:} channel and says {@code welcome}. Later {@code auth}
 * frames renew the token in place; a token left to expire closes the socket.
 */
final class Handshake {

    private final Vertx vertx;
    /**
     * Each tenant's newest log position for {@code welcome}: the sockets that arrive while one read runs share the
     * next one, so a reconnect storm costs a handful of reads, each sent after the sockets it answers asked.
     */
    private final BatchedLookups<UUID, Long> newest;
    private final Authenticator authenticator;
    private final ConnectionRegistry registry;
    private final PresenceTracker presence;
    private final Duration authTimeout;

    Handshake(Vertx vertx, Db db, Authenticator authenticator, ConnectionRegistry registry, PresenceTracker presence,
              Duration authTimeout) {
        this.vertx = vertx;
        this.newest = new BatchedLookups<>(1, (tenantId, tenant) -> db.readInTenant(tenantId,
                conn -> ReplayStore.newest(conn, tenantId)).map(seq -> Map.of(tenantId, seq)));
        this.authenticator = authenticator;
        this.registry = registry;
        this.presence = presence;
        this.authTimeout = authTimeout;
    }

    /**
     * Starts with the upgrade's bearer token, already authenticated as {@code checked}, or waits for an {@code auth}
     * frame. {@code welcomed} runs on the socket's context right after {@code welcome} when the bearer token was accepted.
     */
    void begin(Connection c, String bearerToken, Principal checked, Runnable welcomed) {
        if (bearerToken != null) {
            admit(c, bearerToken, Future.succeededFuture(checked), welcomed);
            return;
        }
        vertx.setTimer(authTimeout.toMillis(), id -> {
            if (!c.authenticated()) {
                c.fail(FrameCodec.UNAUTHORIZED, "no auth frame within " + authTimeout.toSeconds() + " s", CloseCodes.AUTH_TIMEOUT);
            }
        });
    }

    /** An {@code auth} frame: the first authentication or a renewal. */
    void authenticate(Connection c, String token) {
        authenticate(c, token, () -> { });
    }

    private void authenticate(Connection c, String token, Runnable welcomed) {
        admit(c, token, authenticator.authenticate(token, c.meta()), welcomed);
    }

    /** Welcomes (or renews) the connection once {@code principal}, the token's caller, is known. */
    private void admit(Connection c, String token, Future<Principal> principal, Runnable welcomed) {
        boolean first = !c.authenticated();
        principal
                .compose(p -> expiry(token, p).compose(expiresAt -> first
                        ? newest.get(p.tenantId(), p.tenantId()).map(seq -> new Accepted(p, seq, expiresAt))
                        : Future.succeededFuture(new Accepted(p, 0, expiresAt))))
                .onComplete(result -> c.context().runOnContext(v -> {
                    if (c.socket().isClosed()) {
                        return;
                    }
                    if (result.failed()) {
                        rejected(c, first, result.cause().getMessage());
                        return;
                    }
                    accepted(c, first, token, result.result(), welcomed);
                }));
    }

    private record Accepted(Principal principal, long newestSeq, Instant expiresAt) {
    }

    /** An access token's own expiry (already verified), or an API key's. */
    private Future<Instant> expiry(String token, Principal p) {
        return p.apiKeyId() != null ? authenticator.expiresAt(token, p) : Future.succeededFuture(TokenExpiry.of(token));
    }

    private void rejected(Connection c, boolean first, String reason) {
        if (first) {
            c.fail(FrameCodec.UNAUTHORIZED, reason, CloseCodes.AUTH_FAILED);
        } else {
            c.send(FrameCodec.error(FrameCodec.UNAUTHORIZED, reason + "; the current token stays valid until it expires"));
        }
    }

    private void accepted(Connection c, boolean first, String token, Accepted accepted, Runnable welcomed) {
        Principal p = accepted.principal();
        if (!first && !(p.tenantId().equals(c.tenantId()) && p.userId().equals(c.userId())
                && java.util.Objects.equals(p.apiKeyId(), c.principal().apiKeyId()))) {
            c.fail(FrameCodec.UNAUTHORIZED, "the token belongs to another user", CloseCodes.AUTH_FAILED);
            return;
        }
        Instant expiresAt = accepted.expiresAt();
        c.authenticated(p, expiresAt);
        scheduleExpiry(c, expiresAt);
        if (!first) {
            c.send(FrameCodec.renewed(c.id(), p.userId(), expiresAt));
            return;
        }
        if (!registry.admit(c)) {
            c.fail(FrameCodec.TOO_MANY_CONNECTIONS, "this user already holds the maximum number of connections",
                    CloseCodes.TOO_MANY_CONNECTIONS);
            return;
        }
        c.send(FrameCodec.welcome(c.id(), p.userId(), accepted.newestSeq(), expiresAt));
        registry.subscribe(c, Channel.user(p.userId()).name());
        if (p.isPerson()) { // an integration's socket does not make its key's creator look online
            presence.connected(c);
        }
        welcomed.run();
    }

    private void scheduleExpiry(Connection c, Instant expiresAt) {
        long delay = Math.max(1, expiresAt.toEpochMilli() - System.currentTimeMillis());
        vertx.setTimer(delay, id -> {
            if (!c.tokenExpiresAt().isAfter(Instant.now())) {
                c.fail(FrameCodec.UNAUTHORIZED, "the access token expired; reconnect with a fresh one", CloseCodes.TOKEN_EXPIRED);
            }
        });
    }
}
