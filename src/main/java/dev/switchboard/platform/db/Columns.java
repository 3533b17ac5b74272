package dev.switchboard.platform.db;

import io.vertx.sqlclient.Tuple;
import java.lang.reflect.Array;
import java.util.List;

/**
 * Rows as the parameters of a statement that writes them all at once from {@code unnest($n::type[], ...)}: one
 * typed array per column. A statement that writes many rows this way pays its per-statement work (plan, executor
 * start, the table's constraints, index predicates and row-level security) once.
 * <p>A null element of a JSON column arrives as the JSON value {@code null}, not SQL NULL: a statement keeps a
 * nullable {@code jsonb} column NULL with {@code NULLIF(column, 'null')}.
 */
public final class Columns {

    private Columns() {
    }

    /**
     * Appends one array per column of {@code rows} to {@code tuple}: column {@code c} holds each row's value at index
     * {@code c}, as an array of {@code types[c]}.
     */
    public static Tuple append(Tuple tuple, List<Object[]> rows, Class<?>... types) {
        for (int c = 0; c < types.length; c++) {
            Object[] column = (Object[]) Array.newInstance(types[c], rows.size());
            for (int r = 0; r < column.length; r++) {
                column[r] = rows.get(r)[c];
            }
            tuple.addValue(column);
        }
        return tuple;
    }
}
