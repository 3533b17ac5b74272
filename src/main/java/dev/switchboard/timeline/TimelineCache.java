package dev.switchboard.timeline;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.switchboard.platform.http.Pages;
import dev.switchboard.timeline.Projection.Target;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The newest {@link Pages#MAX_LIMIT} stored entries per (tenant, record), before any viewer's filtering: every viewer's
 * first unfiltered page is cut from it. Events touching a record invalidate it; a load still running when its record is
 * invalidated is dropped rather than stored.
 */
final class TimelineCache {

    static final String METRIC = "switchboard.timeline.cache";

    /** One record of one tenant. */
    record Key(UUID tenantId, String recordType, UUID recordId) {
    }

    private final AsyncCache<Key, List<TimelineEntry>> cache;
    private final Counter hits;
    private final Counter misses;

    TimelineCache(MeterRegistry registry, long maximumRecords, Duration ttl) {
        this.cache = Caffeine.newBuilder().maximumSize(maximumRecords).expireAfterWrite(ttl).buildAsync();
        this.hits = Counter.builder(METRIC).description("timeline first-page cache lookups").tag("result", "hit").register(registry);
        this.misses = Counter.builder(METRIC).description("timeline first-page cache lookups").tag("result", "miss").register(registry);
    }

    Future<List<TimelineEntry>> firstPage(Key key, Supplier<Future<List<TimelineEntry>>> load) {
        CompletableFuture<List<TimelineEntry>> present = cache.getIfPresent(key);
        if (present != null) {
            hits.increment();
            return onContext(present);
        }
        misses.increment();
        return onContext(cache.get(key, (k, executor) -> load.get().toCompletionStage().toCompletableFuture()));
    }

    private static <T> Future<T> onContext(CompletableFuture<T> future) {
        Context context = Vertx.currentContext();
        return context == null ? Future.fromCompletionStage(future) : Future.fromCompletionStage(future, context);
    }

    void invalidate(UUID tenantId, Collection<Target> records) {
        records.forEach(r -> cache.synchronous().invalidate(new Key(tenantId, r.type(), r.id())));
    }

    /** Drops every cached page of one tenant (after a rebuild of its projection). */
    void invalidateTenant(UUID tenantId) {
        cache.synchronous().asMap().keySet().removeIf(k -> k.tenantId().equals(tenantId));
    }
}
