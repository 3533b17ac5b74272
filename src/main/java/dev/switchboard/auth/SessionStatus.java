package dev.switchboard.auth;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.switchboard.platform.db.Db;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Whether a login session (refresh-token family) is still live, so access tokens of a session that
 * logged out stop working: at once on this node, within the cache TTL on others.
 */
public final class SessionStatus {

    static final String LIVE = """
            SELECT EXISTS (SELECT 1 FROM refresh_tokens
                           WHERE tenant_id = $1 AND family_id = $2 AND revoked_at IS NULL) AS live""";

    private final Db db;
    private final AsyncCache<UUID, Boolean> cache;

    public SessionStatus(Db db, Duration ttl) {
        this.db = db;
        this.cache = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(200_000).buildAsync();
    }

    Future<Boolean> live(UUID tenantId, UUID sessionId) {
        Context context = Vertx.currentContext();
        CompletableFuture<Boolean> loading = cache.get(sessionId, (id, executor) -> db.inTenant(tenantId,
                        conn -> conn.preparedQuery(LIVE).execute(Tuple.of(tenantId, sessionId))
                                .map(rows -> rows.iterator().next().getBoolean("live")))
                .toCompletionStage().toCompletableFuture());
        return context == null ? Future.fromCompletionStage(loading) : Future.fromCompletionStage(loading, context);
    }

    void ended(UUID sessionId) {
        cache.synchronous().put(sessionId, false);
    }
}
