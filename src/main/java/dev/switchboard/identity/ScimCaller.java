package dev.switchboard.identity;

import dev.switchboard.platform.bus.Actor;
import dev.switchboard.platform.http.RequestMeta;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;

/** The SCIM client of one request: the organization its token belongs to, and the token, which is the audit actor. */
record ScimCaller(UUID tenantId, UUID tokenId, RequestMeta meta) {

    private static final String CONTEXT_KEY = "scimCaller";

    Actor actor() {
        return Actor.scim(tokenId);
    }

    GroupSync.Cause cause() {
        return new GroupSync.Cause(tenantId, actor(), meta);
    }

    void attachTo(RoutingContext ctx) {
        ctx.put(CONTEXT_KEY, this);
    }

    static ScimCaller of(RoutingContext ctx) {
        ScimCaller caller = ctx.get(CONTEXT_KEY);
        if (caller == null) {
            throw new IllegalStateException("SCIM route " + ctx.request().path() + " has no authentication handler");
        }
        return caller;
    }
}
