package dev.switchboard.tenancy;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.switchboard.platform.db.Db;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Each user's current role, active flag and permissions, cached briefly so authorisation costs no query
 * per request. Changes on this node invalidate at once; other nodes see them within the TTL, well inside
 * an access token's lifetime.
 */
public final class AccessCache {

    private final Db db;
    private final AsyncCache<Key, UserAccess> cache;

    public AccessCache(Db db, Duration ttl) {
        this.db = db;
        this.cache = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(100_000).buildAsync();
    }

    /** The user's access now; completes with null when the user does not exist. */
    public Future<UserAccess> get(UUID tenantId, UUID userId) {
        Context context = Vertx.currentContext();
        CompletableFuture<UserAccess> loading = cache.get(new Key(tenantId, userId), (key, executor) ->
                db.readInTenant(tenantId, conn -> UserStore.access(conn, tenantId, userId)).toCompletionStage().toCompletableFuture());
        return context == null ? Future.fromCompletionStage(loading) : Future.fromCompletionStage(loading, context);
    }

    public void invalidate(UUID tenantId, UUID userId) {
        cache.synchronous().invalidate(new Key(tenantId, userId));
    }


    private record Key(UUID tenantId, UUID userId) {
    }
}
