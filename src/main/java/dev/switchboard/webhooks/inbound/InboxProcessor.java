package dev.switchboard.webhooks.inbound;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;

/**
 * Applies the effects of one provider's stored event inside the transaction that marks it processed, so
 * an event's effects and its processed mark commit together or not at all.
 */
interface InboxProcessor {

    Future<Void> process(SqlConnection conn, InboxEvent event);
}
