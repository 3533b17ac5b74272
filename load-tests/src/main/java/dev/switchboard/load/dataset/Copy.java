package dev.switchboard.load.dataset;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * One table's rows in PostgreSQL COPY text format, sent in chunks of a few megabytes. A table whose rows
 * reference another's names it as a parent: the parent's pending rows are always sent first.
 */
final class Copy implements AutoCloseable {

    private static final int FLUSH_AT = 4 << 20;

    private final CopyManager copy;
    private final String statement;
    private final StringBuilder buffer = new StringBuilder(FLUSH_AT + 4096);
    private final Copy[] parents;

    Copy(Connection c, String table, String columns, Copy... parents) throws SQLException {
        this.copy = c.unwrap(PGConnection.class).getCopyAPI();
        this.parents = parents;
        this.statement = "COPY " + table + " (" + columns + ") FROM STDIN";
    }

    /** Appends one row; null values become {@code \N}, everything else its escaped text. */
    Copy row(Object... values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                buffer.append('\t');
            }
            append(values[i]);
        }
        buffer.append('\n');
        if (buffer.length() >= FLUSH_AT) {
            flush();
        }
        return this;
    }

    private void append(Object v) {
        if (v == null) {
            buffer.append("\\N");
            return;
        }
        if (v instanceof UUID[] ids) {
            buffer.append('{');
            for (int i = 0; i < ids.length; i++) {
                buffer.append(i == 0 ? "" : ",").append(ids[i]);
            }
            buffer.append('}');
            return;
        }
        String s = v.toString();
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '\\' -> buffer.append("\\\\");
                case '\t' -> buffer.append("\\t");
                case '\n' -> buffer.append("\\n");
                case '\r' -> buffer.append("\\r");
                default -> buffer.append(ch);
            }
        }
    }

    private void flush() throws SQLException {
        for (Copy parent : parents) {
            parent.flush();
        }
        if (buffer.isEmpty()) {
            return;
        }
        try {
            copy.copyIn(statement, new StringReader(buffer.toString()));
        } catch (IOException e) {
            throw new SQLException(e);
        }
        buffer.setLength(0);
    }

    @Override
    public void close() throws SQLException {
        flush();
    }
}
