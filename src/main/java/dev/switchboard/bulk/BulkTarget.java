package dev.switchboard.bulk;

import dev.switchboard.tenancy.Principal;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;

/** One record type's bulk change: reads its request body and applies it to every record or to none. */
public interface BulkTarget {

    /** The path segment of the record type ({@code cases}, {@code tasks}, {@code conversations}). */
    String segment();

    /**
     * Validates {@code body} (400 listing every invalid field), checks every item (422 listing every refused one),
     * then changes them all in one transaction, with each record's usual events. Answers the ids changed.
     */
    Future<List<UUID>> apply(Principal p, JsonObject body);
}
