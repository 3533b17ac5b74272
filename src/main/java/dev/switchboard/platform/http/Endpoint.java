package dev.switchboard.platform.http;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** A group of routes; the HTTP verticle mounts every endpoint the composition root hands it. */
public interface Endpoint {

    /**
     * Route metadata naming the documented path that replaced an undocumented route: the route still answers the
     * same for existing clients, but the OpenAPI document lists only its successor.
     */
    String SUCCESSOR = "successor";

    /** Lists this endpoint's routes; called once per HTTP verticle instance. */
    void addRoutes(Router router);

    /**
     * The classpath resource with this endpoint's part of the OpenAPI document ({@code paths} and
     * {@code components}), or null when it has none.
     */
    default String openApiFragment() {
        return null;
    }

    /**
     * Formats of this endpoint's own that its fragment gives query parameters, each with the check of a value: why it
     * does not fit, or null. The input boundary runs them with every other check of the request, so one 400 names
     * every invalid parameter.
     */
    default java.util.Map<String, java.util.function.Function<String, String>> queryFormats() {
        return java.util.Map.of();
    }

    /**
     * Whether this endpoint reads the request's body itself as a stream (a file upload): such a request skips the
     * router's body handler and reaches its route paused, so nothing is read into memory before the handler asks.
     */
    default boolean streamsBody(RoutingContext ctx) {
        return false;
    }
}
