package dev.switchboard.ai;

import dev.switchboard.audit.Change;
import dev.switchboard.audit.Changes;
import dev.switchboard.platform.bus.Actor;
import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.error.ApiException;
import dev.switchboard.platform.http.RequestMeta;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What AI calls cost an organization: each call kept and audited ({@code ai.called}: feature, prompt version,
 * provider, model, tokens, latency, outcome, estimated cost; never the prompt or the key), counted in the metrics by
 * feature and outcome, and the monthly token budget (calendar months in UTC) checked before a call.
 */
final class AiAccounting {

    static final String CALLS = "switchboard.ai.calls";
    static final String TOKENS = "switchboard.ai.tokens";
    static final String LATENCY = "switchboard.ai.latency";
    static final List<String> OUTCOMES = List.of(AiCall.SUCCEEDED, AiCall.REJECTED, "rate_limited", "unavailable", "refused",
            "malformed");

    private final Db db;
    private final Changes changes;
    private final Clock clock;
    private final MeterRegistry registry;

    AiAccounting(Db db, Changes changes, MeterRegistry registry, Clock clock) {
        this.db = db;
        this.changes = changes;
        this.registry = registry;
        this.clock = clock;
        for (String feature : AiSettings.FEATURES) {
            OUTCOMES.forEach(outcome -> calls(feature, outcome));
        }
    }

    /** The start of this calendar month, UTC. */
    OffsetDateTime monthStart() {
        return OffsetDateTime.now(clock.withZone(ZoneOffset.UTC)).withDayOfMonth(1).toLocalDate().atStartOfDay().atOffset(ZoneOffset.UTC);
    }

    Future<Long> spentThisMonth(SqlConnection conn, UUID tenantId) {
        return AiCallStore.spentSince(conn, tenantId, monthStart());
    }

    /**
     * This month's use: {@code {tokensUsedThisMonth, monthlyTokenBudget, calls: [...by feature and outcome]}}.
     */
    Future<io.vertx.core.json.JsonObject> usage(UUID tenantId, AiSettings settings) {
        return db.inTenant(tenantId, conn -> spentThisMonth(conn, tenantId).compose(spent -> AiCallStore.byFeature(conn, tenantId,
                monthStart()).map(calls -> new io.vertx.core.json.JsonObject().put("tokensUsedThisMonth", spent)
                .put("monthlyTokenBudget", settings.monthlyTokenBudget()).put("calls", calls))));
    }

    /** Fails with 429 {@code ai-budget-exhausted} (Retry-After: the next month) when the budget is spent. */
    Future<Void> requireBudget(UUID tenantId, AiSettings settings) {
        if (settings.monthlyTokenBudget() == null) {
            return Future.succeededFuture();
        }
        return db.inTenant(tenantId, conn -> spentThisMonth(conn, tenantId)).compose(spent -> {
            if (spent < settings.monthlyTokenBudget()) {
                return Future.succeededFuture();
            }
            long retryAfter = Math.max(1, Duration.between(clock.instant(), monthStart().plusMonths(1).toInstant()).toSeconds());
            return Future.failedFuture(new ApiException(429, "ai-budget-exhausted", "AI budget exhausted",
                    "this organization's monthly AI token budget of " + settings.monthlyTokenBudget() + " tokens is spent ("
                            + spent + " used); an admin can raise it, or wait for the next month",
                    List.of(), Map.of("Retry-After", Long.toString(retryAfter))));
        });
    }

    /** Keeps and audits {@code call} in its own transaction, and counts it. */
    Future<Void> record(UUID tenantId, Actor actor, RequestMeta meta, AiCall call) {
        calls(call.feature(), call.outcome()).increment();
        Timer.builder(LATENCY).description("time AI providers took to answer, by feature").tag("feature", call.feature())
                .register(registry).record(Duration.ofMillis(call.latencyMs()));
        tokens(call.feature(), "input").increment(call.inputTokens());
        tokens(call.feature(), "output").increment(call.outputTokens());
        return db.inTenant(tenantId, conn -> AiCallStore.insert(conn, tenantId, call)
                .compose(v -> changes.record(conn, tenantId, actor, meta, Change.created("ai.called", "ai_call", call.id(),
                        call.auditView()))));
    }

    private Counter calls(String feature, String outcome) {
        return Counter.builder(CALLS).description("AI provider calls, by feature and outcome").tag("feature", feature)
                .tag("outcome", outcome).register(registry);
    }

    private Counter tokens(String feature, String direction) {
        return Counter.builder(TOKENS).description("tokens AI providers counted, by feature and direction").tag("feature", feature)
                .tag("direction", direction).register(registry);
    }
}
