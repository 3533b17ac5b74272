package dev.switchboard.events;

import dev.switchboard.audit.Change;
import dev.switchboard.audit.Changes;
import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.error.ApiException;
import dev.switchboard.platform.events.EventLog;
import dev.switchboard.platform.events.LogConsumer;
import dev.switchboard.platform.http.Pages;
import dev.switchboard.tenancy.Permission;
import dev.switchboard.tenancy.Principal;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Events the log's work consumers parked after their attempts, as admins see them: listed, and retried. A retry
 * applies the consumer's effects and removes the parked event in one transaction, so it happens once; when it
 * fails again the event stays parked with the new error. Needs {@code workflows.manage}.
 */
public final class ParkedEventService {

    private static final int MAX_ERROR_LENGTH = 1000;

    private final Db db;
    private final Changes changes;
    private final Map<String, LogConsumer> consumers;

    public ParkedEventService(Db db, Changes changes, List<LogConsumer> consumers) {
        this.db = db;
        this.changes = changes;
        this.consumers = consumers.stream().collect(Collectors.toUnmodifiableMap(LogConsumer::name, Function.identity()));
    }

    public Future<List<ParkedEvent>> list(Principal p, String consumer, Pages page) {
        p.require(Permission.WORKFLOWS_MANAGE);
        return db.inTenant(p.tenantId(), conn -> ParkedEventStore.list(conn, p.tenantId(), consumer, page));
    }

    /**
     * Applies the parked event's effects now. Completes with the event marked {@code applied}, or still
     * {@code parked} with the new error; 404 when the caller's organization has no such parked event, 409 when
     * the event left the log.
     */
    public Future<ParkedEvent> retry(Principal p, UUID id) {
        p.require(Permission.WORKFLOWS_MANAGE);
        UUID tenant = p.tenantId();
        Runnable[] afterCommit = {null};
        return db.inTenant(tenant, conn -> ParkedEventStore.lock(conn, tenant, id).compose(parked -> {
            if (parked == null) {
                return Future.failedFuture(ApiException.notFound("parked event"));
            }
            LogConsumer consumer = consumers.get(parked.consumer());
            if (consumer == null) {
                return Future.failedFuture(ApiException.conflict("consumer-unknown", "no consumer named " + parked.consumer()
                        + " runs on this server"));
            }
            return EventLog.find(conn, tenant, parked.eventId()).compose(event -> event == null
                    ? Future.failedFuture(ApiException.conflict("event-pruned", "the event is no longer in the log"))
                    : consumer.applyAlone(conn, event))
                    .compose(action -> {
                        afterCommit[0] = action;
                        return ParkedEventStore.delete(conn, tenant, id);
                    })
                    .compose(v -> changes.record(conn, p, Change.deleted("event.retried", "parked_event", id, parked.auditView())))
                    .map(v -> parked.applied());
        })).onSuccess(applied -> {
            if (afterCommit[0] != null) {
                afterCommit[0].run();
            }
        }).recover(err -> err instanceof ApiException ? Future.failedFuture(err)
                : db.inTenant(tenant, conn -> ParkedEventStore.failedAgain(conn, tenant, id, describe(err))));
    }

    private static String describe(Throwable err) {
        String message = err.getMessage() == null ? err.getClass().getSimpleName() : err.getMessage();
        return message.length() > MAX_ERROR_LENGTH ? message.substring(0, MAX_ERROR_LENGTH) : message;
    }
}
