package dev.switchboard.webhooks.inbound;

import dev.switchboard.jobs.JobFailure;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.util.Set;

/**
 * Resend events. Delivery reports and received emails need the conversations feature to match messages by
 * Resend's email id inside this transaction, which it does not offer yet: those events are dead-lettered
 * with that reason and kept, so a replay applies them once the support exists. Other event types have no
 * effect here.
 */
final class ResendProcessor implements InboxProcessor {

    static final String PROVIDER = "resend";
    static final Set<String> MESSAGE_EVENTS = Set.of("email.sent", "email.delivered", "email.delivery_delayed", "email.bounced",
            "email.complained", "email.opened", "email.clicked", "email.failed", "email.received");

    @Override
    public Future<Void> process(SqlConnection conn, InboxEvent event) {
        String type = new JsonObject(event.bodyBuffer()).getString("type");
        if (MESSAGE_EVENTS.contains(type)) {
            return Future.failedFuture(JobFailure.permanent("processing Resend " + type + " events is not available yet; "
                    + "replay the event once it is"));
        }
        return Future.succeededFuture();
    }
}
