package dev.switchboard.ai;

import dev.switchboard.audit.Change;
import dev.switchboard.audit.Changes;
import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.error.ApiException;
import dev.switchboard.platform.error.FieldError;
import dev.switchboard.platform.http.ExpectedVersion;
import dev.switchboard.platform.http.OutboundAddresses;
import dev.switchboard.platform.secrets.SecretBox;
import dev.switchboard.tenancy.Permission;
import dev.switchboard.tenancy.Principal;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The organization's AI settings: off by default; only {@code organization.manage} (admins) reads or changes them; the
 * key is write-only (masked on read), sealed at rest and audited as "configured" only. Features read them for the
 * system's own use.
 */
public final class AiSettingsService {

    private static final UUID SETTINGS_ENTITY = new UUID(0, 0);

    /** A partial update: each field is applied only when {@code present} names it (null clears). */
    record Patch(java.util.Set<String> present, Boolean enabled, String provider, String model, String apiKey, String baseUrl,
                 List<String> features, Long monthlyTokenBudget) {
    }

    private final Db db;
    private final Changes changes;
    private final SecretBox box;
    private final OutboundAddresses outbound;
    private final AiAccounting accounting;

    AiSettingsService(Db db, Changes changes, SecretBox box, OutboundAddresses outbound, AiAccounting accounting) {
        this.db = db;
        this.changes = changes;
        this.box = box;
        this.outbound = outbound;
        this.accounting = accounting;
    }

    /** The settings, masked, with the tokens spent this month. 403 without {@code organization.manage}. */
    public Future<JsonObject> get(Principal p) {
        p.require(Permission.ORGANIZATION_MANAGE);
        return db.inTenant(p.tenantId(), conn -> read(conn, p.tenantId())
                .compose(s -> accounting.spentThisMonth(conn, p.tenantId()).map(s::toJson)));
    }

    /**
     * Applies {@code patch}. 400 when turning on without provider, model and key, or with a base URL the server may not
     * call; 409/412 when {@code expected} is stale; 403 without {@code organization.manage}. Records
     * {@code ai_settings.updated} without the key.
     */
    public Future<JsonObject> update(Principal p, Patch patch, ExpectedVersion expected) {
        p.require(Permission.ORGANIZATION_MANAGE);
        Future<String> refusal = patch.baseUrl() == null ? Future.succeededFuture() : outbound.refusal(patch.baseUrl());
        return refusal.compose(refused -> refused != null
                ? Future.failedFuture(ApiException.invalid("baseUrl", refused))
                : db.inTenant(p.tenantId(), conn -> read(conn, p.tenantId()).compose(before -> {
                    if (expected != null && !expected.matches(before.version())) {
                        return Future.failedFuture(ExpectedVersion.staleOr(expected, "the AI settings"));
                    }
                    AiSettings wanted = applied(before, patch);
                    List<FieldError> errors = new ArrayList<>();
                    if (wanted.enabled()) {
                        for (String[] required : new String[][] {{"provider", wanted.provider()}, {"model", wanted.model()},
                                {"apiKey", wanted.apiKey()}}) {
                            if (required[1] == null) {
                                errors.add(new FieldError(required[0], "is required to turn AI assist on"));
                            }
                        }
                    }
                    if (!errors.isEmpty()) {
                        return Future.failedFuture(ApiException.invalid(errors));
                    }
                    AiSettingsStore.Sealed sealed = new AiSettingsStore.Sealed(wanted.enabled(), wanted.provider(), wanted.model(),
                            box.seal(wanted.apiKey()), wanted.baseUrl(), wanted.features(), wanted.monthlyTokenBudget(), 0, null);
                    boolean keyChanged = !java.util.Objects.equals(before.apiKey(), wanted.apiKey());
                    return AiSettingsStore.save(conn, p.tenantId(), sealed, ExpectedVersion.orRead(expected, before.version()))
                            .compose(saved -> !saved ? Future.failedFuture(ExpectedVersion.staleOr(expected, "the AI settings"))
                                    : read(conn, p.tenantId()).compose(after -> changes.record(conn, p, Change.updated("ai_settings.updated",
                                                    "ai_settings", SETTINGS_ENTITY, before.auditView(), after.auditView())
                                            .withDetails(new JsonObject().put("keyChanged", keyChanged)))
                                            .compose(v -> accounting.spentThisMonth(conn, p.tenantId())).map(after::toJson)));
                })));
    }

    /** The settings, the key decrypted, for the system's own use (never to be shown). */
    Future<AiSettings> forSystem(UUID tenantId) {
        return db.inTenant(tenantId, conn -> read(conn, tenantId));
    }

    private static AiSettings applied(AiSettings before, Patch patch) {
        java.util.Set<String> has = patch.present();
        return before.with(
                has.contains("enabled") ? Boolean.TRUE.equals(patch.enabled()) : before.enabled(),
                has.contains("provider") ? patch.provider() : before.provider(),
                has.contains("model") ? patch.model() : before.model(),
                has.contains("apiKey") ? patch.apiKey() : before.apiKey(),
                has.contains("baseUrl") ? patch.baseUrl() : before.baseUrl(),
                has.contains("features") ? patch.features() : before.features(),
                has.contains("monthlyTokenBudget") ? patch.monthlyTokenBudget() : before.monthlyTokenBudget());
    }

    private Future<AiSettings> read(SqlConnection conn, UUID tenantId) {
        return AiSettingsStore.find(conn, tenantId).map(s -> s == null ? AiSettings.OFF
                : new AiSettings(s.enabled(), s.provider(), s.model(), box.open(s.apiKey()), s.baseUrl(), s.features(),
                        s.monthlyTokenBudget(), s.version(), s.updatedAt()));
    }
}
