package dev.switchboard.auth;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.switchboard.auth.ApiKeyStore.ApiKey;
import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.error.ApiException;
import dev.switchboard.platform.http.RequestMeta;
import dev.switchboard.tenancy.AccessCache;
import dev.switchboard.tenancy.Principal;
import dev.switchboard.tenancy.UserAccess;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns an API key into the request's {@link Principal}: the key must exist, match, be neither revoked nor expired,
 * and its creator must still be active. It acts with its own permissions, cut down to what the creator holds now.
 * Keys are cached briefly: a revocation stops the key at once on this node, on others within the TTL. The key's
 * last use is written at most once a minute.
 */
public final class ApiKeys {

    private static final Logger log = LoggerFactory.getLogger(ApiKeys.class);
    private static final String INVALID = "invalid, expired or revoked API key";
    private static final long TOUCH_EVERY_NANOS = Duration.ofMinutes(1).toNanos();
    /** How long a WebSocket opened with a key that never expires stays open before the client must reconnect. */
    private static final Duration SOCKET_LIFETIME = Duration.ofDays(1);

    private final Db db;
    private final AccessCache access;
    private final AsyncCache<UUID, ApiKey> cache;
    private final ConcurrentHashMap<UUID, Long> touched = new ConcurrentHashMap<>();

    public ApiKeys(Db db, AccessCache access, Duration ttl) {
        this.db = db;
        this.access = access;
        this.cache = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(100_000).buildAsync();
    }

    static boolean isApiKey(String token) {
        return BearerSecret.looksLike(BearerSecret.API_KEY, token);
    }

    /** The principal of a presented key; fails with a 401 {@link ApiException}. */
    Future<Principal> authenticate(String token, RequestMeta meta) {
        BearerSecret presented = BearerSecret.parse(BearerSecret.API_KEY, token);
        if (presented == null) {
            return Future.failedFuture(ApiException.unauthorized(INVALID));
        }
        return load(presented.tenantId(), presented.id()).compose(key -> {
            if (key == null || !presented.matches(key.secretHash())) {
                return Future.failedFuture(ApiException.unauthorized(INVALID));
            }
            return principal(key, meta);
        });
    }

    /** {@code p} (a key's principal) as it stands now; fails with 401 once the key was revoked or expired. */
    Future<Principal> refresh(Principal p) {
        return load(p.tenantId(), p.apiKeyId()).compose(key -> key == null ? Future.failedFuture(ApiException.unauthorized(INVALID))
                : principal(key, p.meta()));
    }

    /** When a connection authenticated with {@code p}'s key must end: the key's expiry, or a day from now. */
    Future<Instant> expiresAt(Principal p) {
        Instant cap = Instant.now().plus(SOCKET_LIFETIME);
        return load(p.tenantId(), p.apiKeyId()).map(key -> key == null || key.expiresAt() == null || key.expiresAt().toInstant().isAfter(cap)
                ? cap : key.expiresAt().toInstant());
    }

    private Future<Principal> principal(ApiKey key, RequestMeta meta) {
        if (key.revokedAt() != null || (key.expiresAt() != null && !key.expiresAt().isAfter(OffsetDateTime.now()))) {
            return Future.failedFuture(ApiException.unauthorized(INVALID));
        }
        return access.get(key.tenantId(), key.createdBy()).compose(creator -> {
            if (creator == null || !creator.active()) {
                return Future.failedFuture(ApiException.unauthorized("the API key's creator is deactivated; create a new key"));
            }
            touch(key);
            return Future.succeededFuture(Principal.apiKey(key.tenantId(), key.id(), key.createdBy(), creator.role(),
                    allowed(key, creator), creator.teamIds(), meta));
        });
    }

    private static Set<String> allowed(ApiKey key, UserAccess creator) {
        Set<String> out = new HashSet<>(key.permissions());
        out.retainAll(creator.permissions());
        return Set.copyOf(out);
    }

    private Future<ApiKey> load(UUID tenantId, UUID id) {
        Context context = Vertx.currentContext();
        CompletableFuture<ApiKey> loading = cache.get(id, (k, executor) -> db.readInTenant(tenantId,
                conn -> ApiKeyStore.find(conn, tenantId, id)).toCompletionStage().toCompletableFuture());
        Future<ApiKey> found;
        if (loading.isDone() && !loading.isCompletedExceptionally()) {
            found = Future.succeededFuture(loading.join());
        } else {
            found = context == null ? Future.fromCompletionStage(loading) : Future.fromCompletionStage(loading, context);
        }
        // the cache is keyed by id alone: a key id presented with another tenant's id is no key at all
        return found.map(key -> key != null && key.tenantId().equals(tenantId) ? key : null);
    }

    private void touch(ApiKey key) {
        long now = System.nanoTime();
        Long last = touched.get(key.id());
        if (last != null && now - last < TOUCH_EVERY_NANOS) {
            return;
        }
        touched.put(key.id(), now);
        OffsetDateTime at = OffsetDateTime.now(ZoneOffset.UTC);
        db.inTenant(key.tenantId(), conn -> ApiKeyStore.touch(conn, key.tenantId(), key.id(), at))
                .onFailure(err -> log.debug("api key last use not recorded [tenant: {}, key: {}]", key.tenantId(), key.id(), err));
    }

    /** Forgets a key changed on this node, so a revocation takes effect at once. */
    void invalidate(UUID id) {
        cache.synchronous().invalidate(id);
        touched.remove(id);
    }
}
