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
     * Whether this endpoint reads the request's body itself as a stream (a file upload): such a request skips the
     * router's body handler and reaches its route paused, so nothing is read into memory before the handler asks.
     */
    default boolean streamsBody(RoutingContext ctx) {
        return false;
    }
}
