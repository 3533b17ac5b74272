package dev.switchboard.search;

import dev.switchboard.platform.error.ApiException;
import dev.switchboard.platform.error.FieldError;
import dev.switchboard.platform.http.Pages;
import io.vertx.core.MultiMap;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** A search as asked: {@code q}, the record types ({@code types}, comma-separated; all when absent), {@code limit} and {@code cursor}. */
record SearchRequest(String text, Set<String> types, int limit, SearchCursor after) {

    /**
     * The request in {@code params}, which the input boundary has checked against the document (q present and at
     * most 200 characters, limit in range); 400 naming every parameter still invalid.
     */
    static SearchRequest parse(MultiMap params, Set<String> knownTypes) {
        List<FieldError> errors = new ArrayList<>();
        String q = params.get("q");
        if (q == null || q.isBlank()) {
            errors.add(new FieldError("q", "must hold a letter, digit or sign"));
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
        SearchCursor after = cursor == null || cursor.isEmpty() ? null : SearchCursor.decode(cursor);
        if (cursor != null && !cursor.isEmpty() && after == null) {
            errors.add(new FieldError("cursor", "is not a cursor this server issued"));
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return new SearchRequest(q, types, limit == null ? Pages.DEFAULT_LIMIT : Integer.parseInt(limit), after);
    }
}
