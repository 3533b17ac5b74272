package dev.switchboard.identity;

import dev.switchboard.platform.error.ApiException;
import dev.switchboard.platform.http.Problems;
import dev.switchboard.platform.http.Requests;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** SCIM's wire conventions (RFC 7644): its media type, schema URNs, error bodies and weak ETags. */
final class Scim {

    static final String CONTENT_TYPE = "application/scim+json";
    static final String USER = "urn:ietf:params:scim:schemas:core:2.0:User";
    static final String GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
    static final String LIST = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
    static final String PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    static final String ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";
    static final String SERVICE_PROVIDER_CONFIG = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig";
    static final String RESOURCE_TYPE = "urn:ietf:params:scim:schemas:core:2.0:ResourceType";
    /** The {@code scimType} values of RFC 7644 §3.12, carried as an {@link ApiException}'s type. */
    private static final Set<String> SCIM_TYPES = Set.of("invalidFilter", "tooMany", "uniqueness", "mutability", "invalidSyntax",
            "invalidPath", "noTarget", "invalidValue", "invalidVers", "sensitive");

    private static final Logger log = LoggerFactory.getLogger(Scim.class);

    private Scim() {
    }

    static ApiException badRequest(String scimType, String detail) {
        return new ApiException(400, scimType, "Bad request", detail);
    }

    static ApiException uniqueness(String detail) {
        return new ApiException(409, "uniqueness", "Conflict", detail);
    }

    static ApiException notFound(String what) {
        return new ApiException(404, "not-found", "Not found", what + " not found");
    }

    static ApiException preconditionFailed() {
        return new ApiException(412, "precondition-failed", "Precondition failed", "the resource changed since the version in If-Match");
    }

    /** A weak ETag of a resource version: {@code W/"3"}. */
    static String etag(int version) {
        return "W/\"" + version + "\"";
    }

    /** Which versions the request's {@code If-Match} accepts: any without the header or with {@code *}. */
    static java.util.function.IntPredicate ifMatch(RoutingContext ctx) {
        String ifMatch = ctx.request().getHeader("If-Match");
        if (ifMatch == null || ifMatch.trim().equals("*")) {
            return version -> true;
        }
        return version -> {
            for (String tag : ifMatch.split(",")) {
                String t = tag.trim();
                if (t.startsWith("W/")) {
                    t = t.substring(2);
                }
                if (t.equals("\"" + version + "\"")) {
                    return true;
                }
            }
            return false;
        };
    }

    static void send(RoutingContext ctx, int status, JsonObject body, Integer version) {
        if (ctx.response().ended()) {
            return;
        }
        if (version != null) {
            ctx.response().putHeader("ETag", etag(version));
        }
        if (status == 201 && body.getJsonObject("meta") != null) {
            ctx.response().putHeader("Location", body.getJsonObject("meta").getString("location"));
        }
        ctx.response().setStatusCode(status).putHeader("Content-Type", CONTENT_TYPE).end(body.toBuffer());
    }

    /** The failure handler of the SCIM routes: the same outcomes as the rest of the API, in SCIM's error body. */
    static void handleFailure(RoutingContext ctx) {
        ApiException e = ctx.failure() instanceof ApiException api ? api : Problems.asProblem(ctx.failure(), ctx.statusCode());
        if (e.status() >= 500) {
            log.atError().addKeyValue("requestId", Requests.requestId(ctx)).setCause(ctx.failure())
                    .log("scim request failed [method: {}, path: {}]", ctx.request().method(), ctx.request().path());
        }
        error(ctx, e);
    }

    static void error(RoutingContext ctx, ApiException e) {
        if (ctx.response().ended()) {
            return;
        }
        if (ctx.response().headWritten()) {
            ctx.response().reset();
            return;
        }
        JsonObject body = new JsonObject().put("schemas", new io.vertx.core.json.JsonArray().add(ERROR))
                .put("status", Integer.toString(e.status()));
        if (SCIM_TYPES.contains(e.type())) {
            body.put("scimType", e.type());
        }
        String detail = e.detail() != null ? e.detail() : e.title();
        if (!e.errors().isEmpty()) {
            detail = e.errors().stream().map(f -> f.field() + " " + f.message()).reduce((x, y) -> x + "; " + y).orElse(detail);
        }
        body.put("detail", detail);
        e.headers().forEach(ctx.response()::putHeader);
        if (e.status() == 401) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"scim\"");
        }
        Buffer buffer = body.toBuffer();
        ctx.response().setStatusCode(e.status()).putHeader("Content-Type", CONTENT_TYPE).end(buffer);
    }
}
