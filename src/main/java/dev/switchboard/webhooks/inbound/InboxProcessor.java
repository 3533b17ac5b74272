package dev.switchboard.webhooks.inbound;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;

/**
 * Applies the effects of one provider's stored event inside the transaction that marks it processed, so
 * an event's effects and its processed mark commit together or not at all. What processing needs from
 * elsewhere (a provider's API) is fetched first, with no transaction open.
 */
interface InboxProcessor {

    /** Fetches what {@link #process} needs from outside the database; completes with null when nothing is needed. */
    default Future<JsonObject> fetch(InboxEvent event) {
        return Future.succeededFuture();
    }

    /** Whether {@link #fetch} calls out at all; a processor that does not is never asked. */
    default boolean fetches() {
        return false;
    }

    Future<Void> process(SqlConnection conn, InboxEvent event, JsonObject fetched);
}
