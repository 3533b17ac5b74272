package dev.switchboard.webhooks.inbound;

import dev.switchboard.jobs.JobFailure;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;

/**
 * Meta leads. Fetching the lead from the Graph API and creating its contact and case are not available
 * yet: the lead is dead-lettered with that reason and kept, so a replay processes it once they are.
 */
final class MetaProcessor implements InboxProcessor {

    static final String PROVIDER = "meta";

    @Override
    public Future<Void> process(SqlConnection conn, InboxEvent event) {
        return Future.failedFuture(JobFailure.permanent("fetching Meta leads from the Graph API is not available yet; "
                + "replay the event once it is"));
    }
}
