package dev.switchboard.tenancy;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.error.ApiException;
import dev.switchboard.platform.http.SlidingWindows;
import dev.switchboard.platform.metrics.MetricNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * The request budget of authenticated API requests: at most a quota of requests in any span of its window, one
 * budget per user (or API key) and one per organization, sized by the organization's settings with the server's
 * defaults ({@link SlidingWindows}: "200 per second" lets no 201st request through within any second, bursts and
 * evenly spread requests alike). Every answer carries
 * {@code RateLimit-Policy} and {@code RateLimit} (IETF httpapi ratelimit-headers draft); a request beyond either
 * budget gets 429 with {@code Retry-After}. Counts live in this node's memory: with N nodes behind a balancer, an
 * organization may get up to N times its budget.
 */
public final class RequestBudget implements Handler<RoutingContext> {

    private static final Duration SETTINGS_TTL = Duration.ofSeconds(15);

    private final Db db;
    private final Clock clock;
    private final RequestBudgetSettings defaults;
    private final double maxRequestsPerSecond;
    private final SlidingWindows windows = new SlidingWindows(Duration.ofHours(1));
    private final AsyncCache<UUID, RequestBudgetSettings> settings;
    private final Counter limitedUsers;
    private final Counter limitedOrganizations;

    /**
     * @param defaults the server's budget, every field set
     * @param clock    the time requests are counted at
     */
    public RequestBudget(Db db, RequestBudgetSettings defaults, double maxRequestsPerSecond, MeterRegistry registry, Clock clock) {
        this.db = db;
        this.clock = clock;
        this.defaults = defaults;
        this.maxRequestsPerSecond = maxRequestsPerSecond;
        this.settings = Caffeine.newBuilder().expireAfterWrite(SETTINGS_TTL).maximumSize(100_000).buildAsync();
        this.limitedUsers = limited(registry, "user_budget");
        this.limitedOrganizations = limited(registry, "organization_budget");
    }

    private static Counter limited(MeterRegistry registry, String name) {
        return Counter.builder(MetricNames.RATE_LIMITED).description("requests refused with 429 by a rate limit")
                .tag("limit", name).register(registry);
    }

    @Override
    public void handle(RoutingContext ctx) {
        Principal p = Principal.of(ctx);
        budgetOf(p.tenantId()).onComplete(loaded -> {
            if (loaded.failed()) {
                ctx.fail(loaded.cause());
                return;
            }
            RequestBudgetSettings b = loaded.result();
            Instant at = clock.instant();
            long now = at.getEpochSecond() * 1_000_000_000L + at.getNano();
            String who = p.apiKeyId() != null ? "k:" + p.apiKeyId() : "u:" + p.userId();
            SlidingWindows.Outcome user = windows.take(who, b.userRequests(), b.userWindowSeconds(), now);
            SlidingWindows.Outcome org = user.allowed()
                    ? windows.take("o:" + p.tenantId(), b.organizationRequests(), b.organizationWindowSeconds(), now)
                    : null;
            String policy = "\"user\";q=" + b.userRequests() + ";w=" + b.userWindowSeconds()
                    + ", \"organization\";q=" + b.organizationRequests() + ";w=" + b.organizationWindowSeconds();
            String state = "\"user\";r=" + user.remaining() + ";t=" + user.resetSeconds()
                    + (org == null ? "" : ", \"organization\";r=" + org.remaining() + ";t=" + org.resetSeconds());
            ctx.response().putHeader("RateLimit-Policy", policy).putHeader("RateLimit", state);
            if (!user.allowed()) {
                limitedUsers.increment();
                ctx.fail(refused("your", user.retryAfterSeconds(), policy, state));
            } else if (!org.allowed()) {
                limitedOrganizations.increment();
                ctx.fail(refused("your organization's", org.retryAfterSeconds(), policy, state));
            } else {
                ctx.next();
            }
        });
    }

    private static ApiException refused(String whose, long retryAfter, String policy, String state) {
        return new ApiException(429, "rate-limited", "Too many requests", whose + " request budget is used up; retry after "
                + retryAfter + " s", List.of(), Map.of("Retry-After", Long.toString(retryAfter), "RateLimit-Policy", policy,
                "RateLimit", state));
    }

    /** The organization's budget with the server's defaults filled in; cached briefly. */
    Future<RequestBudgetSettings> budgetOf(UUID tenantId) {
        Context context = Vertx.currentContext();
        CompletableFuture<RequestBudgetSettings> loading = settings.get(tenantId, (id, executor) -> db.readInTenant(tenantId,
                        conn -> OrganizationStore.settings(conn, tenantId))
                .map(org -> effective(org == null ? RequestBudgetSettings.DEFAULTS : org.requestBudget()))
                .toCompletionStage().toCompletableFuture());
        if (loading.isDone() && !loading.isCompletedExceptionally()) {
            return Future.succeededFuture(loading.join()); // the usual case: no hop through the context
        }
        return context == null ? Future.fromCompletionStage(loading) : Future.fromCompletionStage(loading, context);
    }

    RequestBudgetSettings effective(RequestBudgetSettings own) {
        return own.orElse(defaults);
    }

    double maxRequestsPerSecond() {
        return maxRequestsPerSecond;
    }

    /** Forgets the cached budget of an organization whose settings changed on this node. */
    void invalidate(UUID tenantId) {
        settings.synchronous().invalidate(tenantId);
    }
}
