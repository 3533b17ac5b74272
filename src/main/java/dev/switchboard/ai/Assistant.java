package dev.switchboard.ai;

import dev.switchboard.platform.db.Ids;
import dev.switchboard.platform.error.ApiException;
import dev.switchboard.tenancy.Principal;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one prompt for one organization: checks the feature is on and the budget not spent, calls the organization's
 * provider with its own key (no database connection held while it waits), validates the answer against the template's
 * schema, and accounts for the call whatever the outcome. Answers the validated JSON; a rejected or failed call is an
 * {@link ApiException} (429 budget or provider rate limit, 502 provider failure or rejected answer).
 */
final class Assistant {

    private static final Logger log = LoggerFactory.getLogger(Assistant.class);

    private final AiSettingsService settings;
    private final Providers providers;
    private final AiAccounting accounting;
    private final Clock clock;

    Assistant(AiSettingsService settings, Providers providers, AiAccounting accounting, Clock clock) {
        this.settings = settings;
        this.providers = providers;
        this.accounting = accounting;
        this.clock = clock;
    }

    /** The organization's settings when {@code feature} may run; 409 {@code ai-disabled} otherwise. */
    Future<AiSettings> enabled(UUID tenantId, String feature) {
        return settings.forSystem(tenantId).compose(s -> s.allows(feature) ? Future.succeededFuture(s)
                : Future.failedFuture(ApiException.conflict("ai-disabled", s.enabled()
                        ? "AI assist does not have the " + feature + " feature turned on for this organization"
                        : "AI assist is off for this organization; an admin turns it on in the AI settings")));
    }

    /** 403 for portal customers: AI assist is for the organization's staff. */
    static void requireStaff(Principal p) {
        if (p.isCustomer()) {
            throw ApiException.forbidden("AI assist is for the organization's staff");
        }
    }

    /** Asks for a whole answer. */
    Future<JsonObject> ask(Principal p, AiSettings s, PromptTemplate template, String user) {
        return ask(p, s, template, user, answer -> null, null);
    }

    /** Asks for a whole answer that {@code check} must also accept (it names the problem, or answers null). */
    Future<JsonObject> ask(Principal p, AiSettings s, PromptTemplate template, String user, Function<JsonObject, String> check) {
        return ask(p, s, template, user, check, null);
    }

    /**
     * Asks, streaming the answer's text to {@code onText} as it arrives when that is not null. An answer that breaks the
     * template's schema, or that {@code check} refuses (an id that names nothing the caller may use), is rejected: 502,
     * audited as {@code rejected}, and nothing of it reaches the caller's records.
     */
    Future<JsonObject> ask(Principal p, AiSettings s, PromptTemplate template, String user, Function<JsonObject, String> check,
                           Consumer<String> onText) {
        ModelClient client = providers.client(s.provider(), s.baseUrl());
        ModelClient.Prompt prompt = template.prompt(s, user);
        return accounting.requireBudget(p.tenantId(), s).compose(v -> {
            long started = clock.millis();
            Future<ModelClient.Answer> answer = onText == null ? client.complete(prompt) : client.stream(prompt, onText);
            return answer.transform(done -> {
                long latency = Math.max(0, clock.millis() - started);
                UUID id = Ids.next();
                if (done.failed()) {
                    Throwable err = done.cause();
                    String outcome = err instanceof ProviderException pe ? pe.kind().name().toLowerCase() : "unavailable";
                    AiCall call = new AiCall(id, template.feature(), template.version(), s.provider(), s.model(), 0, 0, latency, outcome,
                            p.userId());
                    return accounting.record(p.tenantId(), p.actor(), p.meta(), call).transform(r -> Future.failedFuture(problem(err)));
                }
                ModelClient.Answer a = done.result();
                AiCall call = new AiCall(id, template.feature(), template.version(), s.provider(), s.model(), a.inputTokens(),
                        a.outputTokens(), latency, AiCall.SUCCEEDED, p.userId());
                JsonObject parsed;
                try {
                    parsed = OutputSchema.parse(a.text(), template.schema());
                    String refused = check.apply(parsed);
                    if (refused != null) {
                        throw new OutputSchema.Rejected(refused);
                    }
                } catch (OutputSchema.Rejected rejected) {
                    log.info("model answer rejected [tenant: {}, feature: {}, reason: {}]", p.tenantId(), template.feature(),
                            rejected.getMessage());
                    return accounting.record(p.tenantId(), p.actor(), p.meta(), call.withOutcome(AiCall.REJECTED))
                            .compose(r -> Future.failedFuture(rejectedAnswer(rejected.getMessage())));
                }
                return accounting.record(p.tenantId(), p.actor(), p.meta(), call).map(parsed);
            });
        });
    }

    /** 502: the model answered, but not in the expected form; nothing was saved. */
    static ApiException rejectedAnswer(String reason) {
        return new ApiException(502, "ai-answer-rejected", "AI answer rejected",
                "the model's answer did not have the expected form and was discarded; nothing was saved (" + reason + ")");
    }

    private static ApiException problem(Throwable err) {
        if (!(err instanceof ProviderException pe)) {
            return new ApiException(502, "ai-provider-unavailable", "AI provider unavailable", "the AI provider could not be reached");
        }
        return switch (pe.kind()) {
            case RATE_LIMITED -> new ApiException(429, "ai-provider-rate-limited", "AI provider rate limited",
                    "the organization's AI provider is rate limiting its key; retry later", List.of(),
                    Map.of("Retry-After", Long.toString(pe.retryAfterSeconds() > 0 ? pe.retryAfterSeconds() : 30)));
            case REFUSED -> new ApiException(502, "ai-provider-refused", "AI provider refused the call",
                    "the AI provider refused the call; check the organization's provider, model and key");
            case MALFORMED -> new ApiException(502, "ai-provider-unavailable", "AI provider unavailable", pe.getMessage());
            case UNAVAILABLE -> new ApiException(502, "ai-provider-unavailable", "AI provider unavailable",
                    "the AI provider did not answer in time or failed; retry later");
        };
    }
}
