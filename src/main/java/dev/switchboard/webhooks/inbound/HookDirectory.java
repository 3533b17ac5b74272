package dev.switchboard.webhooks.inbound;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.secrets.SecretBox;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Which tenant hook a webhook URL names, with its opened secret: one round trip, then cached for a moment, so a
 * burst of deliveries costs the database nothing before the insert that acknowledges them. A change to a hook
 * made on this node applies at once, on other nodes within {@link #TTL}; unknown URLs are cached too.
 */
final class HookDirectory {

    static final Duration TTL = Duration.ofSeconds(2);
    private static final String LOOKUP = "SELECT * FROM inbound_hook_lookup($1, $2)";

    /** An enabled hook of a tenant, with its secret in the clear. */
    record Hook(UUID tenantId, UUID id, String secret) {
    }

    private record Key(String slug, UUID hookId) {
    }

    private final Db db;
    private final SecretBox box;
    private final AsyncCache<Key, Optional<Hook>> cache = Caffeine.newBuilder().expireAfterWrite(TTL).maximumSize(10_000).buildAsync();

    HookDirectory(Db db, SecretBox box) {
        this.db = db;
        this.box = box;
    }

    /** Drops what this node knows of {@code hookId} at once (it was changed or deleted here). */
    void forget(UUID hookId) {
        cache.synchronous().asMap().keySet().removeIf(key -> key.hookId().equals(hookId));
    }

    /** The enabled hook {@code slug} and {@code hookId} name; null for an unknown organization or hook, or a disabled one. */
    Future<Hook> find(String slug, UUID hookId) {
        Context context = Vertx.currentContext();
        CompletableFuture<Optional<Hook>> loading = cache.get(new Key(slug, hookId), (key, executor) -> db.pool().preparedQuery(LOOKUP)
                .execute(Tuple.of(slug, hookId))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return Optional.<Hook>empty();
                    }
                    Row row = rows.iterator().next();
                    return row.getBoolean("enabled")
                            ? Optional.of(new Hook(row.getUUID("tenant_id"), hookId, box.open(row.getString("secret"))))
                            : Optional.<Hook>empty();
                }).toCompletionStage().toCompletableFuture());
        Future<Optional<Hook>> found = context == null ? Future.fromCompletionStage(loading) : Future.fromCompletionStage(loading, context);
        return found.map(hook -> hook.orElse(null));
    }
}
