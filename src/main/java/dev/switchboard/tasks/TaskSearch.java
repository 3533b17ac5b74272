package dev.switchboard.tasks;

import dev.switchboard.tenancy.Principal;
import dev.switchboard.tenancy.SearchSource;
import io.vertx.sqlclient.Tuple;

/** Tasks in cross-record search: full text on title and description; read by {@link TaskScope}. */
public final class TaskSearch implements SearchSource {

    @Override
    public String type() {
        return TaskAccess.TYPE;
    }

    @Override
    public String table() {
        return "tasks";
    }

    @Override
    public String select(String matches, int first) {
        return "SELECT 'task'::text, t.id, m.rank, t.title, concat_ws(' ', t.title, t.description), NULL::text, NULL::uuid FROM "
                + matches + " m JOIN tasks t ON t.tenant_id = " + TENANT + " AND t.id = m.id"
                + " WHERE t.deleted_at IS NULL AND " + TaskScope.predicate(first);
    }

    @Override
    public Tuple bind(Tuple tuple, Principal p) {
        return TaskScope.of(p).bind(tuple);
    }
}
