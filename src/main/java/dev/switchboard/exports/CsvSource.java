package dev.switchboard.exports;

import dev.switchboard.tenancy.Principal;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.function.Function;

/** One record type's CSV export: its columns, and its records in pages under the caller's read rules. */
public interface CsvSource {

    /** The path segment of the record type ({@code contacts}, {@code cases}). */
    String segment();

    /** The columns, named as the record's JSON fields. */
    List<String> columns();

    /**
     * Streams every record {@code p} may read that matches the list filters in {@code query}, oldest first, to
     * {@code sink} one page at a time, reading the next page only once the sink is done with the last. A bad filter
     * throws its 400 before anything is read.
     */
    Future<Void> export(Principal p, MultiMap query, Function<List<JsonObject>, Future<Void>> sink);
}
