package dev.switchboard.webhooks.outbound;

import dev.switchboard.platform.http.ApiRoutes;
import dev.switchboard.platform.http.Endpoint;
import dev.switchboard.platform.error.ApiException;
import dev.switchboard.platform.http.ExpectedVersion;
import dev.switchboard.platform.http.Pages;
import dev.switchboard.platform.http.Requests;
import dev.switchboard.platform.http.Responses;
import dev.switchboard.platform.http.Validator;
import dev.switchboard.tenancy.Principal;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/** {@code /api/v1/webhook-endpoints}: where the organization's events are POSTed, and how deliveries went. */
public final class WebhookEndpointRoutes implements Endpoint {

    private static final Pattern EVENT_TYPE = Pattern.compile("\\*|[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+");
    private static final int MAX_EVENT_TYPES = 100;

    private final WebhookEndpointService endpoints;
    private final ApiRoutes routes;

    public WebhookEndpointRoutes(WebhookEndpointService endpoints, ApiRoutes routes) {
        this.endpoints = endpoints;
        this.routes = routes;
    }

    @Override
    public void addRoutes(Router router) {
        routes.get(router, "/api/v1/webhook-endpoints", this::list);
        routes.post(router, "/api/v1/webhook-endpoints", this::create);
        routes.get(router, "/api/v1/webhook-endpoints/:id", this::get);
        routes.patch(router, "/api/v1/webhook-endpoints/:id", this::update);
        routes.delete(router, "/api/v1/webhook-endpoints/:id", this::delete);
        routes.get(router, "/api/v1/webhook-endpoints/:id/deliveries", this::deliveries);
    }

    @Override
    public String openApiFragment() {
        return "openapi/webhook-endpoints.json";
    }

    private void list(RoutingContext ctx) {
        Pages page = Pages.of(ctx);
        Responses.replyPage(ctx, endpoints.list(Principal.of(ctx), page), page, WebhookEndpoint::toJson, WebhookEndpoint::id);
    }

    private void create(RoutingContext ctx) {
        EndpointSettings settings = settings(Requests.jsonBody(ctx));
        Responses.replyCreated(ctx, endpoints.create(Principal.of(ctx), settings), WebhookEndpoint::toJsonWithSecret);
    }

    private void get(RoutingContext ctx) {
        Responses.replyVersioned(ctx, endpoints.get(Principal.of(ctx), endpointId(ctx)), e -> e.toJson(), e -> e.version());
    }

    private void update(RoutingContext ctx) {
        UUID id = endpointId(ctx);
        JsonObject body = Requests.jsonBody(ctx);
        EndpointPatch patch = patch(body);
        Responses.replyVersioned(ctx, endpoints.update(Principal.of(ctx), id, patch, ExpectedVersion.of(ctx, body)), e -> e.toJson(), e -> e.version());
    }

    private void delete(RoutingContext ctx) {
        Responses.replyNoContent(ctx, endpoints.delete(Principal.of(ctx), endpointId(ctx)));
    }

    private void deliveries(RoutingContext ctx) {
        UUID id = endpointId(ctx);
        Pages page = Pages.sorted(ctx, true);
        Responses.replyPage(ctx, endpoints.deliveries(Principal.of(ctx), id, page), page, WebhookDelivery::toJson, WebhookDelivery::id);
    }

    private static EndpointSettings settings(JsonObject body) {
        return read(body, EndpointPatch.FIELDS);
    }

    /** A partial update: only the fields present are read and checked; at least one must be. */
    private static EndpointPatch patch(JsonObject body) {
        Set<String> present = new LinkedHashSet<>();
        body.fieldNames().stream().filter(EndpointPatch.FIELDS::contains).forEach(present::add);
        if (present.isEmpty()) {
            throw ApiException.invalid("body", "names no field to change (url, description, eventTypes, enabled)");
        }
        return new EndpointPatch(present, read(body, present));
    }

    /** Reads and checks the {@code fields} of {@code body}, reporting every invalid one at once. */
    private static EndpointSettings read(JsonObject body, Set<String> fields) {
        Validator v = new Validator(body);
        String url = fields.contains("url") ? v.requiredString("url", 2000) : null;
        if (url != null && !isHttpUrl(url)) {
            v.fail("url", "must be an absolute http or https URL");
        }
        String description = v.optionalString("description", 500);
        List<String> eventTypes = fields.contains("eventTypes") ? v.stringList("eventTypes", null) : List.of();
        if (!fields.contains("eventTypes")) {
            eventTypes = List.of();
        } else if (eventTypes.isEmpty() || eventTypes.size() > MAX_EVENT_TYPES) {
            v.fail("eventTypes", "must list 1 to " + MAX_EVENT_TYPES + " event types (or \"*\")");
        } else if (!eventTypes.stream().allMatch(t -> EVENT_TYPE.matcher(t).matches())) {
            v.fail("eventTypes", "must be event type names such as case.created, or \"*\"");
        }
        Object enabled = body.getValue("enabled");
        if (enabled != null && !(enabled instanceof Boolean)) {
            v.fail("enabled", "must be true or false");
        }
        v.check();
        return new EndpointSettings(url, description, List.copyOf(new LinkedHashSet<>(eventTypes)), !Boolean.FALSE.equals(enabled));
    }

    private static boolean isHttpUrl(String url) {
        try {
            URI uri = new URI(url);
            return uri.isAbsolute() && uri.getHost() != null && ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()));
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static UUID endpointId(RoutingContext ctx) {
        return Requests.pathId(ctx, "id", "webhook endpoint");
    }
}
