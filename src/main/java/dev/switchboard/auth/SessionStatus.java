package dev.switchboard.auth;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.switchboard.platform.db.BatchedLookups;
import dev.switchboard.platform.db.Db;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Whether a login session (refresh-token family) is still live, so access tokens of a session that
 * logged out stop working: at once on this node, within the cache TTL on others.
 */
public final class SessionStatus {

    /** Of the sessions {@code $2}, those still live. */
    static final String LIVE = """
            SELECT DISTINCT family_id FROM refresh_tokens
            WHERE tenant_id = $1 AND family_id = ANY($2::uuid[]) AND revoked_at IS NULL""";
    /** Sessions read per statement at most. */
    static final int MAX_SESSIONS_PER_READ = 500;

    private final BatchedLookups<UUID, Boolean> reads;
    private final AsyncCache<UUID, Boolean> cache;

    public SessionStatus(Db db, Duration ttl) {
        // sessions not cached are read together: the misses of one tenant that arrive while one read runs share the next
        this.reads = new BatchedLookups<>(MAX_SESSIONS_PER_READ, (tenantId, sessionIds) -> db.readInTenant(tenantId,
                conn -> conn.preparedQuery(LIVE).execute(Tuple.tuple().addUUID(tenantId).addArrayOfUUID(sessionIds.toArray(UUID[]::new))).map(rows -> {
                    Map<UUID, Boolean> live = new HashMap<>(sessionIds.size() * 2);
                    sessionIds.forEach(id -> live.put(id, false));
                    rows.forEach(row -> live.put(row.getUUID("family_id"), true));
                    return live;
                })));
        this.cache = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(200_000).buildAsync();
    }

    Future<Boolean> live(UUID tenantId, UUID sessionId) {
        Context context = Vertx.currentContext();
        CompletableFuture<Boolean> loading = cache.get(sessionId,
                (id, executor) -> reads.get(tenantId, id).toCompletionStage().toCompletableFuture());
        return context == null ? Future.fromCompletionStage(loading) : Future.fromCompletionStage(loading, context);
    }

    void ended(UUID sessionId) {
        cache.synchronous().put(sessionId, false);
    }
}
