package dev.switchboard.tenancy;

import dev.switchboard.platform.bus.Actor;
import dev.switchboard.platform.error.ApiException;
import dev.switchboard.platform.http.RequestMeta;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import java.util.UUID;

/**
 * The authenticated caller of one request: tenant and user from the verified token, role and
 * permissions as they are now. Made once per request and passed explicitly to services.
 */
public record Principal(UUID tenantId, UUID userId, UUID sessionId, Role role, Set<String> permissions, Set<UUID> teamIds,
                        UUID contactId, RequestMeta meta, boolean automated) {

    static final String CONTEXT_KEY = "principal";

    /** A person's principal (every authenticated request). */
    public Principal(UUID tenantId, UUID userId, UUID sessionId, Role role, Set<String> permissions, Set<UUID> teamIds,
                     UUID contactId, RequestMeta meta) {
        this(tenantId, userId, sessionId, role, permissions, teamIds, contactId, meta, false);
    }

    /**
     * Automation acting in {@code tenantId} with every permission: records it creates name {@code onBehalfOf}
     * (the workflow's author) where a creator is required, while audit entries and events name the system as
     * actor and carry {@code correlationId}.
     */
    public static Principal automation(UUID tenantId, UUID onBehalfOf, String correlationId) {
        return new Principal(tenantId, onBehalfOf, null, Role.ADMIN, Permission.ALL, Set.of(), null,
                new RequestMeta(correlationId, null, "switchboard-automation"), true);
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
        return automated ? Actor.SYSTEM : Actor.user(userId);
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
