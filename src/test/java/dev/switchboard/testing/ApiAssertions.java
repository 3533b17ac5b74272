package dev.switchboard.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** Reading list pages and problems the same way in every endpoint test. */
public final class ApiAssertions {

    private ApiAssertions() {
    }

    /** The ids of a list page's items, in order. */
    public static List<String> ids(Http.Response list) {
        return list.items().stream().map(i -> ((JsonObject) i).getString("id")).toList();
    }

    /** The fields named by a problem's {@code errors}. */
    public static List<String> fields(Http.Response problem) {
        JsonArray errors = problem.json().getJsonArray("errors", new JsonArray());
        return errors.stream().map(e -> ((JsonObject) e).getString("field")).toList();
    }

    /** A problem+json answer with this status and a correlation id. */
    public static void assertProblem(int status, Http.Response r) {
        assertEquals(status, r.status(), r::toString);
        assertEquals("application/problem+json", r.contentType());
        assertNotNull(r.json().getString("correlationId"));
    }
}
