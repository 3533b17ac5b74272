package dev.switchboard.email;

import dev.switchboard.platform.db.Db;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.time.Clock;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The organization's send log ({@code /api/v1/emails}) for every email that leaves through Resend: templated email,
 * and the emails the server sends by itself (password resets, invitations, notification emails), which other
 * features log through {@link #send}. A logged email moves from queued to sent with Resend's message id (so delivery
 * reports reach it), or keeps the last attempt's error and is marked failed when its job dies.
 */
public final class EmailLog {

    private final Db db;
    private final Clock clock;

    public EmailLog(Db db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /**
     * Logs one email the server sends by itself under {@code id}, the id of the job sending it (a retry finds the
     * entry there), then sends it with {@code send} (answering Resend's message id) and records how that went. Its
     * data is never logged: an account email carries a secret token.
     *
     * @param kind one of {@link EmailMessage#PASSWORD_RESET}, {@link EmailMessage#INVITE}, {@link EmailMessage#NOTIFICATION}
     */
    public Future<Void> send(UUID tenantId, UUID id, String kind, String to, String subject, Supplier<Future<String>> send) {
        return db.inTenant(tenantId, conn -> EmailStore.insertSystem(conn, tenantId, id, kind, to, subject, clock.instant()))
                .compose(v -> outcome(tenantId, id, subject, send.get()));
    }

    /** For a sending job that died: marks its logged email failed with the job's last error (nothing when none was logged). */
    public Future<Void> failed(SqlConnection conn, UUID tenantId, UUID id, String error) {
        return EmailStore.failed(conn, tenantId, id, error);
    }

    /** Records a send's outcome on the logged email: sent with Resend's message id, or the attempt's error (and fails with it). */
    Future<Void> outcome(UUID tenantId, UUID id, String subject, Future<String> providerId) {
        return providerId.compose(sent -> db.inTenant(tenantId, conn -> EmailStore.sent(conn, tenantId, id, subject, sent, clock.instant())))
                .recover(err -> db.inTenant(tenantId, conn -> EmailStore.attemptFailed(conn, tenantId, id, err.getMessage()))
                        .compose(v -> Future.failedFuture(err), v -> Future.failedFuture(err)));
    }
}
