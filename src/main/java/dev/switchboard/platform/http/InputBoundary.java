package dev.switchboard.platform.http;

import dev.switchboard.platform.error.ApiException;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Checks every {@code /api/v1} request against the served OpenAPI document before any handler runs, with the
 * same rules for every route: no NUL in the path, query or body; query and header parameters of the type and
 * value set they declare; a JSON body parsed once within limits and typed as its schema says (timestamps within
 * {@link InputRules}' years), so a handler only ever reads values of the types it expects. Required query parameters
 * must be there, page cursors must be ones this server issued, and a list that documents no {@code sort} refuses one.
 * Everything wrong answers one 400 problem naming each field (with an unreadable {@code If-Match}, see
 * {@link Problems#withRequestFields}). A route added to the document is checked without new code.
 */
public final class InputBoundary implements Handler<RoutingContext> {

    private static final String PREFIX = "/api/v1/";
    private static final List<String> METHODS = List.of("get", "post", "put", "patch", "delete");

    private final SchemaCheck schemas;
    /** Operations by method and number of path segments. */
    private final Map<String, List<Operation>> operations = new HashMap<>();

    /** A documented operation: its path template's segments (null where a parameter stands), parameters and body schema. */
    private record Operation(String[] segments, int literals, List<JsonObject> parameters, JsonObject bodySchema) {

        /** A list (it pages by cursor) in one fixed order: it documents no {@code sort}. */
        boolean fixedOrderList() {
            return declares("cursor") && !declares("sort");
        }

        private boolean declares(String query) {
            return parameters.stream().anyMatch(p -> query.equals(p.getString("name")) && "query".equals(p.getString("in")));
        }

        boolean matches(String[] path) {
            for (int i = 0; i < segments.length; i++) {
                if (segments[i] != null && !segments[i].equals(path[i])) {
                    return false;
                }
            }
            return true;
        }
    }

    /** The boundary for {@code document}, checking the parameter formats {@code endpoints} define with their functions. */
    public static InputBoundary of(JsonObject document, List<Endpoint> endpoints) {
        Map<String, java.util.function.Function<String, String>> formats = new HashMap<>();
        endpoints.forEach(endpoint -> endpoint.queryFormats().forEach((name, check) -> {
            if (formats.put(name, check) != null) {
                throw new IllegalStateException("parameter format " + name + " is defined twice");
            }
        }));
        return new InputBoundary(document, formats);
    }

    private InputBoundary(JsonObject document, Map<String, java.util.function.Function<String, String>> formats) {
        this.schemas = new SchemaCheck(document, formats);
        JsonObject paths = document.getJsonObject("paths", new JsonObject());
        for (String template : paths.fieldNames()) {
            JsonObject item = paths.getJsonObject(template);
            for (String method : METHODS) {
                JsonObject operation = item.getJsonObject(method);
                if (operation != null) {
                    add(method, template, item, operation);
                }
            }
        }
        // the most specific template first: /cases/stats before /cases/{id}
        operations.values().forEach(list -> list.sort((x, y) -> Integer.compare(y.literals(), x.literals())));
    }

    private void add(String method, String template, JsonObject item, JsonObject operation) {
        String[] segments = template.split("/", -1);
        int literals = 0;
        for (int i = 0; i < segments.length; i++) {
            if (segments[i].startsWith("{")) {
                segments[i] = null;
            } else {
                literals++;
            }
        }
        List<JsonObject> parameters = new ArrayList<>();
        for (JsonArray list : List.of(item.getJsonArray("parameters", new JsonArray()), operation.getJsonArray("parameters", new JsonArray()))) {
            list.forEach(p -> parameters.add(schemas.resolve((JsonObject) p)));
        }
        JsonObject body = operation.getJsonObject("requestBody");
        JsonObject content = body == null ? null : schemas.resolve(body).getJsonObject("content");
        JsonObject json = content == null ? null : content.getJsonObject("application/json");
        JsonObject bodySchema = json == null ? null : json.getJsonObject("schema", new JsonObject());
        operations.computeIfAbsent(method.toUpperCase(Locale.ROOT) + " " + segments.length, k -> new ArrayList<>())
                .add(new Operation(segments, literals, parameters, bodySchema));
    }

    /**
     * Checked before a JSON body is read: the API takes JSON only, so a form or multipart body is refused with 415
     * instead of being decoded.
     */
    public static void refuseForms(RoutingContext ctx) {
        String type = apiContentType(ctx);
        if (type != null && (type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/"))) {
            ctx.fail(unsupportedMediaType());
        }
    }

    /**
     * For a route whose body is a file: fails a multipart body (its parts would be stored as the file) with 415;
     * any other type is fine, since the file's type is read from its bytes.
     */
    public static void refuseMultipart(RoutingContext ctx) {
        String type = apiContentType(ctx);
        if (type != null && type.startsWith("multipart/")) {
            ctx.fail(new ApiException(415, "unsupported-media-type", "Unsupported media type",
                    "send the file itself as the request body, not a multipart form"));
        }
    }

    /** The request's content type, trimmed and lower case, for an API path; else null. */
    private static String apiContentType(RoutingContext ctx) {
        String contentType = ctx.request().getHeader("Content-Type");
        String path = ctx.normalizedPath();
        return contentType != null && path != null && path.startsWith(PREFIX) ? contentType.trim().toLowerCase(Locale.ROOT) : null;
    }

    @Override
    public void handle(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        if (path == null || !path.startsWith(PREFIX)) {
            ctx.next();
            return;
        }
        String rawPath = ctx.request().path();
        if (rawPath.contains("%00") || path.indexOf('\u0000') >= 0) {
            ctx.fail(ApiException.invalid("path", InputRules.NUL_MESSAGE));
            return;
        }
        MultiMap query;
        try {
            query = ctx.queryParams();
        } catch (IllegalArgumentException e) {
            ctx.fail(ApiException.invalid("query", "is not a well-formed query string"));
            return;
        }
        JsonInput.FieldErrors errors = new JsonInput.FieldErrors();
        for (Map.Entry<String, String> param : query) {
            if (InputRules.hasNul(param.getKey()) || InputRules.hasNul(param.getValue())) {
                errors.add(InputRules.hasNul(param.getKey()) ? "query" : param.getKey(), InputRules.NUL_MESSAGE);
            }
        }
        HttpMethod method = ctx.request().method();
        Operation operation = find((method == HttpMethod.HEAD ? HttpMethod.GET : method).name(), path);
        if (operation != null && errors.isEmpty()) {
            parameters(ctx, operation, query, errors);
            if (operation.bodySchema() != null && hasBody(ctx)) {
                body(ctx, operation, errors);
            }
        }
        if (!errors.isEmpty()) {
            ctx.fail(ApiException.invalid(List.copyOf(errors.list)));
            return;
        }
        ctx.next();
    }

    private void parameters(RoutingContext ctx, Operation operation, MultiMap query, JsonInput.FieldErrors errors) {
        if (operation.fixedOrderList() && query.contains("sort")) {
            errors.add("sort", Pages.FIXED_ORDER_MESSAGE);
        }
        for (JsonObject parameter : operation.parameters()) {
            String name = parameter.getString("name");
            String in = parameter.getString("in");
            JsonObject schema = parameter.getJsonObject("schema", new JsonObject());
            List<String> values = "query".equals(in) ? query.getAll(name)
                    : "header".equals(in) ? ctx.request().headers().getAll(name) : List.of();
            if ("query".equals(in) && values.isEmpty() && parameter.getBoolean("required", false)) {
                errors.add(name, "is required");
            }
            for (String value : values) {
                schemas.text(value, schema, name, errors);
            }
        }
    }

    private void body(RoutingContext ctx, Operation operation, JsonInput.FieldErrors errors) {
        String contentType = ctx.request().getHeader("Content-Type");
        if (contentType != null && !isJson(contentType)) {
            throw unsupportedMediaType();
        }
        JsonObject body;
        try {
            body = JsonInput.object(ctx.body().buffer());
        } catch (ApiException e) {
            e.errors().forEach(error -> errors.add(error.field(), error.message()));
            return;
        }
        schemas.json(body, operation.bodySchema(), "", errors);
        if (ctx.request().method() == HttpMethod.PATCH) {
            schemas.notCleared(body, operation.bodySchema(), errors);
        }
        if (!errors.isEmpty()) {
            // refused for its types before the endpoint sees it: name the other fields the schema's rules refuse too
            schemas.declaredRules(body, operation.bodySchema(), errors);
        }
        ctx.put(Requests.PARSED_BODY_KEY, body);
    }

    private static ApiException unsupportedMediaType() {
        return new ApiException(415, "unsupported-media-type", "Unsupported media type", "send the body as application/json");
    }

    private Operation find(String method, String path) {
        if (path == null) {
            return null;
        }
        String[] segments = path.split("/", -1);
        List<Operation> candidates = operations.get(method + " " + segments.length);
        if (candidates == null) {
            return null;
        }
        for (Operation operation : candidates) {
            if (operation.matches(segments)) {
                return operation;
            }
        }
        return null;
    }

    private static boolean hasBody(RoutingContext ctx) {
        Buffer buffer = ctx.body() == null ? null : ctx.body().buffer();
        return buffer != null && buffer.length() > 0;
    }

    private static boolean isJson(String contentType) {
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return type.equals("application/json") || type.endsWith("+json");
    }
}
