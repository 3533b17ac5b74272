package dev.switchboard.tenancy;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.switchboard.platform.db.BatchedLookups;
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
 * an access token's lifetime. Users not cached are read together: the misses of one tenant that arrive while one
 * read runs (a reconnect storm, a thousand colleagues opening the app at nine) share the next statement.
 */
public final class AccessCache {

    /** Users read per statement at most. */
    static final int MAX_USERS_PER_READ = 500;

    private final BatchedLookups<UUID, UserAccess> reads;
    private final AsyncCache<Key, UserAccess> cache;

    public AccessCache(Db db, Duration ttl) {
        this.reads = new BatchedLookups<>(MAX_USERS_PER_READ,
                (tenantId, userIds) -> db.readInTenant(tenantId, conn -> UserStore.access(conn, tenantId, userIds)));
        this.cache = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(100_000).buildAsync();
    }

    /** The user's access now; completes with null when the user does not exist. */
    public Future<UserAccess> get(UUID tenantId, UUID userId) {
        Context context = Vertx.currentContext();
        CompletableFuture<UserAccess> loading = cache.get(new Key(tenantId, userId), (key, executor) ->
                reads.get(tenantId, userId).toCompletionStage().toCompletableFuture());
        return context == null ? Future.fromCompletionStage(loading) : Future.fromCompletionStage(loading, context);
    }

    public void invalidate(UUID tenantId, UUID userId) {
        cache.synchronous().invalidate(new Key(tenantId, userId));
    }


    private record Key(UUID tenantId, UUID userId) {
    }
}
