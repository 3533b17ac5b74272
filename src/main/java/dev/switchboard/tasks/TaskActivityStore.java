package dev.switchboard.tasks;

import dev.switchboard.platform.http.Pages;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/** Comments and time logs of tasks. Every statement binds the tenant. */
final class TaskActivityStore {

    static final String INSERT_COMMENT = """
            INSERT INTO task_comments (tenant_id, id, task_id, author_user_id, body) VALUES ($1, $2, $3, $4, $5)
            RETURNING id, task_id, author_user_id, body, created_at""";
    static final String LIST_COMMENTS = "SELECT " + TaskComment.COLUMNS + " FROM task_comments c WHERE c.tenant_id = $1 "
            + "AND c.task_id = $2 AND ($3::uuid IS NULL OR c.id > $3) ORDER BY c.id LIMIT $4";
    static final String INSERT_TIME_LOG = """
            INSERT INTO task_time_logs (tenant_id, id, task_id, user_id, minutes, note, logged_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7)
            RETURNING id, task_id, user_id, minutes, note, logged_at, created_at""";
    static final String LIST_TIME_LOGS = "SELECT " + TaskTimeLog.COLUMNS + " FROM task_time_logs l WHERE l.tenant_id = $1 "
            + "AND l.task_id = $2 AND ($3::uuid IS NULL OR l.id > $3) ORDER BY l.id LIMIT $4";

    private TaskActivityStore() {
    }

    static Future<TaskComment> insertComment(SqlConnection conn, UUID tenantId, UUID id, UUID taskId, UUID author, String body) {
        return conn.preparedQuery(INSERT_COMMENT).execute(Tuple.of(tenantId, id, taskId, author, body))
                .map(rows -> TaskComment.FROM_ROW.apply(rows.iterator().next()));
    }

    static Future<List<TaskComment>> comments(SqlConnection conn, UUID tenantId, UUID taskId, Pages page) {
        return page(conn, LIST_COMMENTS, Tuple.of(tenantId, taskId, page.after(), page.limit()), TaskComment.FROM_ROW);
    }

    static Future<TaskTimeLog> insertTimeLog(SqlConnection conn, UUID tenantId, UUID id, UUID taskId, UUID userId,
                                             TaskTimeLog.Input in) {
        return conn.preparedQuery(INSERT_TIME_LOG)
                .execute(Tuple.of(tenantId, id, taskId, userId, in.minutes(), in.note(), in.loggedAt()))
                .map(rows -> TaskTimeLog.FROM_ROW.apply(rows.iterator().next()));
    }

    static Future<List<TaskTimeLog>> timeLogs(SqlConnection conn, UUID tenantId, UUID taskId, Pages page) {
        return page(conn, LIST_TIME_LOGS, Tuple.of(tenantId, taskId, page.after(), page.limit()), TaskTimeLog.FROM_ROW);
    }

    private static <T> Future<List<T>> page(SqlConnection conn, String sql, Tuple params, Function<Row, T> mapper) {
        return conn.preparedQuery(sql).execute(params).map(rows -> {
            List<T> out = new ArrayList<>();
            rows.forEach(row -> out.add(mapper.apply(row)));
            return out;
        });
    }
}
