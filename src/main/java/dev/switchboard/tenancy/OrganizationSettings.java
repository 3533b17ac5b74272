package dev.switchboard.tenancy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Function;

/**
 * An organization with its settings: name, IANA time zone (the one cron triggers, digests and "today" in stats
 * use), default language, whether people may join by signing up (only with an email on one of
 * {@code allowedEmailDomains}, and then with {@code selfRegistrationRole}), the domains invites may go to, and the
 * request budget, and single sign-on: {@code identity} (whether password login is refused, whether a first SSO
 * sign-in may create the account, the role provisioned people get without a mapped group, the break-glass admin).
 * The slug never changes: inbound webhook URLs name it.
 */
public record OrganizationSettings(UUID id, String name, String slug, String timezone, String defaultLanguage,
                                   boolean selfRegistration, Role selfRegistrationRole, List<String> allowedEmailDomains,
                                   RequestBudgetSettings requestBudget, IdentitySettings identity, int version, OffsetDateTime createdAt,
                                   OffsetDateTime updatedAt) {

    public static final String DEFAULT_LANGUAGE = "en";

    static final String COLUMNS = "id, name, slug, timezone, settings, version, created_at, updated_at";

    static final Function<Row, OrganizationSettings> FROM_ROW = row -> {
        JsonObject s = row.getJsonObject("settings");
        JsonArray domains = s.getJsonArray("allowedEmailDomains", new JsonArray());
        return new OrganizationSettings(row.getUUID("id"), row.getString("name"), row.getString("slug"), row.getString("timezone"),
                s.getString("defaultLanguage", DEFAULT_LANGUAGE), s.getBoolean("selfRegistration", false),
                Role.fromWire(s.getString("selfRegistrationRole", Role.AGENT.wire())),
                domains.stream().map(String::valueOf).toList(),
                RequestBudgetSettings.fromJson(s.getJsonObject("requestBudget")), IdentitySettings.fromJson(s),
                row.getInteger("version"), row.getOffsetDateTime("created_at"), row.getOffsetDateTime("updated_at"));
    };

    /** Whether invites and sign-ups may use {@code email}: any address when no domain is listed. */
    public boolean allowsEmail(String email) {
        if (allowedEmailDomains.isEmpty()) {
            return true;
        }
        String domain = email.substring(email.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
        return allowedEmailDomains.contains(domain);
    }

    /** The {@code settings} column's value. */
    JsonObject settingsJson() {
        return new JsonObject()
                .put("defaultLanguage", defaultLanguage)
                .put("selfRegistration", selfRegistration)
                .put("selfRegistrationRole", selfRegistrationRole.wire())
                .put("allowedEmailDomains", new JsonArray(allowedEmailDomains))
                .put("requestBudget", requestBudget.toJson())
                .mergeIn(identity.toJson());
    }

    /** The API view; {@code effectiveBudget} is the budget with the server's defaults filled in. */
    public JsonObject toJson(RequestBudgetSettings effectiveBudget) {
        return new JsonObject()
                .put("id", id.toString())
                .put("name", name)
                .put("slug", slug)
                .put("timezone", timezone)
                .put("defaultLanguage", defaultLanguage)
                .put("selfRegistration", selfRegistration)
                .put("selfRegistrationRole", selfRegistrationRole.wire())
                .put("allowedEmailDomains", new JsonArray(allowedEmailDomains))
                .put("requestBudget", requestBudget.toJson())
                .put("effectiveRequestBudget", effectiveBudget.toJson())
                .mergeIn(identity.toJson())
                .put("version", version)
                .put("createdAt", Timestamps.format(createdAt))
                .put("updatedAt", Timestamps.format(updatedAt));
    }

    /** What the audit log keeps of a change. */
    public JsonObject auditView() {
        return settingsJson().put("name", name).put("timezone", timezone);
    }

    public OrganizationSettings with(String name, String timezone, String defaultLanguage, boolean selfRegistration,
                                     Role selfRegistrationRole, List<String> allowedEmailDomains, RequestBudgetSettings budget,
                                     IdentitySettings identity) {
        return new OrganizationSettings(id, name, slug, timezone, defaultLanguage, selfRegistration, selfRegistrationRole,
                List.copyOf(allowedEmailDomains), budget, identity, version, createdAt, updatedAt);
    }
}
