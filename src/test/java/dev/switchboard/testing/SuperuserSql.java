package dev.switchboard.testing;

import dev.switchboard.platform.config.DatabaseUrl;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Superuser queries on one open connection (bypassing RLS), for tests that inspect many rows in a row. */
public final class SuperuserSql implements AutoCloseable {

    private final Connection connection;

    public SuperuserSql(DatabaseUrl db) {
        try {
            connection = TestDatabase.connect(db);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One number, such as a count; parameters bound in order. */
    public long count(String sql, Object... params) {
        return Long.parseLong(rows(sql, params).get(0)[0]);
    }

    /** The first column of the first row, or null when there is no row. */
    public String text(String sql, Object... params) {
        List<String[]> found = rows(sql, params);
        return found.isEmpty() ? null : found.get(0)[0];
    }

    /** Every row, each column as text. */
    public List<String[]> rows(String sql, Object... params) {
        try (PreparedStatement st = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                st.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = st.executeQuery()) {
                List<String[]> out = new ArrayList<>();
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    String[] row = new String[columns];
                    for (int i = 0; i < columns; i++) {
                        row[i] = rs.getString(i + 1);
                    }
                    out.add(row);
                }
                return out;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
