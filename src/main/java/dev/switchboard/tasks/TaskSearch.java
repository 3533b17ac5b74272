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
    public String select(int first) {
        return "SELECT 'task'::text, t.id, " + SearchSource.rank("t.search_vector") + ", t.title, concat_ws(' ', t.title, t.description),"
                + " NULL::text, NULL::uuid FROM tasks t WHERE t.tenant_id = " + TENANT + " AND t.deleted_at IS NULL"
                + " AND t.search_vector @@ " + MATCH + " AND " + TaskScope.predicate(first);
    }

    @Override
    public Tuple bind(Tuple tuple, Principal p) {
        return TaskScope.of(p).bind(tuple);
    }
}
