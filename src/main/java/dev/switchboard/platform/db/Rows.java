package dev.switchboard.platform.db;

import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/** Turning a statement's rows into values with a store's row mapper. */
public final class Rows {

    private Rows() {
    }

    /** The first row mapped, or null when there is none. */
    public static <T> T first(RowSet<Row> rows, Function<Row, T> mapper) {
        return rows.size() == 0 ? null : mapper.apply(rows.iterator().next());
    }

    /** Rows of (text, uuid) as a map: a batch lookup's keys (emails, names) with the ids they name. */
    public static Map<String, UUID> idsByKey(RowSet<Row> rows) {
        Map<String, UUID> out = new HashMap<>();
        rows.forEach(r -> out.put(r.getString(0), r.getUUID(1)));
        return out;
    }

    /** Every row mapped, in order. */
    public static <T> List<T> all(RowSet<Row> rows, Function<Row, T> mapper) {
        List<T> out = new ArrayList<>(rows.size());
        rows.forEach(r -> out.add(mapper.apply(r)));
        return out;
    }
}
