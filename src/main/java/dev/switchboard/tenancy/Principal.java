package dev.switchboard.tenancy;

import dev.switchboard.platform.bus.Actor;
import dev.switchboard.platform.error.ApiException;
import dev.switchboard.platform.http.RequestMeta;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import java.util.UUID;

/**
 * The authenticated caller of one request: tenant and user from the verified token, role and
 * permissions as they are now. Made once per request and passed explicitly to services. A request made with an
 * organization API key has {@code apiKeyId} set: it acts with the key's permissions on behalf of the key's creator
 * ({@code userId}), and its changes name the key as actor.
 */
public record Principal(UUID tenantId, UUID userId, UUID sessionId, Role role, Set<String> permissions, Set<UUID> teamIds,
                        UUID contactId, RequestMeta meta, boolean automated, UUID apiKeyId) {

    static final String CONTEXT_KEY = "principal";

    /** A person's principal (every authenticated request). */
    public Principal(UUID tenantId, UUID userId, UUID sessionId, Role role, Set<String> permissions, Set<UUID> teamIds,
                     UUID contactId, RequestMeta meta) {
        this(tenantId, userId, sessionId, role, permissions, teamIds, contactId, meta, false, null);
    }

    /** A person's or automation's principal, without an API key. */
    public Principal(UUID tenantId, UUID userId, UUID sessionId, Role role, Set<String> permissions, Set<UUID> teamIds,
                     UUID contactId, RequestMeta meta, boolean automated) {
        this(tenantId, userId, sessionId, role, permissions, teamIds, contactId, meta, automated, null);
    }

    /** An organization API key's principal: the key's permissions, on behalf of its creator. */
    public static Principal apiKey(UUID tenantId, UUID keyId, UUID creatorId, Role creatorRole, Set<String> permissions,
                                   Set<UUID> teamIds, RequestMeta meta) {
        return new Principal(tenantId, creatorId, null, creatorRole, permissions, teamIds, null, meta, false, keyId);
    }

    /**
     * Automation acting in {@code tenantId} with every permission: records it creates name {@code onBehalfOf}
     * (the workflow's author) where a creator is required, while audit entries and events name the system as
     * actor and carry {@code correlationId}.
     */
    public static Principal automation(UUID tenantId, UUID onBehalfOf, String correlationId) {
        return new Principal(tenantId, onBehalfOf, null, Role.ADMIN, Permission.ALL, Set.of(), null,
                new RequestMeta(correlationId, null, "switchboard-automation"), true, null);
    }

    public boolean can(String permission) {
        return permissions.contains(permission);
    }

    /** Throws 403 unless the caller holds {@code permission}. */
    public void require(String permission) {
        if (!can(permission)) {
            throw ApiException.forbidden("requires permission " + permission);
        }
    }

    /** A portal customer, who sees only records linked to {@link #contactId()}. */
    public boolean isCustomer() {
        return role == Role.CUSTOMER;
    }

    public boolean inTeam(UUID teamId) {
        return teamId != null && teamIds.contains(teamId);
    }

    public Actor actor() {
        if (automated) {
            return Actor.SYSTEM;
        }
        return apiKeyId != null ? Actor.apiKey(apiKeyId) : Actor.user(userId);
    }

    /** Whether a person signed in (not an API key, not automation): only they manage their own account and keys. */
    public boolean isPerson() {
        return !automated && apiKeyId == null;
    }

    /** Throws 403 unless a person signed in made the request. */
    public void requirePerson() {
        if (!isPerson()) {
            throw ApiException.forbidden("only a signed-in user can do this, not an API key");
        }
    }

    public String correlationId() {
        return meta.requestId();
    }

    public void attachTo(RoutingContext ctx) {
        ctx.put(CONTEXT_KEY, this);
    }

    /** The principal an authentication handler attached; a route without one is a wiring bug. */
    public static Principal of(RoutingContext ctx) {
        Principal p = ctx.get(CONTEXT_KEY);
        if (p == null) {
            throw new IllegalStateException("route " + ctx.request().path() + " has no authentication handler");
        }
        return p;
    }
}
