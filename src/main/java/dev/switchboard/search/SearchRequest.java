package dev.switchboard.search;

import dev.switchboard.platform.error.ApiException;
import dev.switchboard.platform.error.FieldError;
import dev.switchboard.platform.http.Pages;
import io.vertx.core.MultiMap;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** A search as asked: {@code q}, the record types ({@code types}, comma-separated; all when absent), {@code limit} and {@code cursor}. */
record SearchRequest(String text, Set<String> types, int limit, SearchCursor after) {

    /** The document's format of {@code q}: text holding something other than white space. */
    static final String TEXT_FORMAT = "search-text";
    /** The document's format of {@code cursor}: a search cursor this server issued (other lists' cursors differ). */
    static final String CURSOR_FORMAT = "search-cursor";
    /** The checks of both formats, which the input boundary runs with the document's other checks of the request. */
    static final Map<String, Function<String, String>> FORMATS = Map.of(TEXT_FORMAT, SearchRequest::textProblem,
            CURSOR_FORMAT, SearchRequest::cursorProblem);

    /**
     * The request in {@code params}, which the input boundary has checked against the document (q present, not blank
     * and at most 200 characters, types from the known ones, limit in range, cursor a search cursor), all in one 400;
     * here a 400 names every parameter still invalid, so the request is never read unchecked.
     */
    static SearchRequest parse(MultiMap params, Set<String> knownTypes) {
        List<FieldError> errors = new ArrayList<>();
        String q = params.get("q");
        String qProblem = q == null ? "is required" : textProblem(q);
        if (qProblem != null) {
            errors.add(new FieldError("q", qProblem));
        }
        Set<String> types = new LinkedHashSet<>();
        String typesParam = params.get("types");
        if (typesParam == null) {
            types.addAll(knownTypes);
        } else {
            for (String type : typesParam.split(",", -1)) {
                types.add(type.strip());
            }
            if (!knownTypes.containsAll(types)) {
                errors.add(new FieldError("types", "must be a comma-separated list of " + String.join(", ", knownTypes)));
            }
        }
        // the input boundary has checked the limit against the document (an integer from 1 to 100)
        String limit = params.get("limit");
        String cursor = params.get("cursor");
        String cursorProblem = cursor == null ? null : cursorProblem(cursor);
        if (cursorProblem != null) {
            errors.add(new FieldError("cursor", cursorProblem));
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return new SearchRequest(q, types, limit == null ? Pages.DEFAULT_LIMIT : Integer.parseInt(limit),
                cursor == null || cursor.isEmpty() ? null : SearchCursor.decode(cursor));
    }

    private static String textProblem(String q) {
        return q.isBlank() ? "must hold a letter, digit or sign" : null;
    }

    private static String cursorProblem(String cursor) {
        return cursor.isEmpty() || SearchCursor.decode(cursor) != null ? null : "is not a cursor this server issued";
    }
}
