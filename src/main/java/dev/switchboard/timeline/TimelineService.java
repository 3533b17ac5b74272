package dev.switchboard.timeline;

import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.error.ApiException;
import dev.switchboard.tenancy.Permission;
import dev.switchboard.tenancy.Principal;
import dev.switchboard.tenancy.Records;
import dev.switchboard.timeline.Projection.Target;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one record's timeline for one viewer: 404 unless they may read the record, then newest first with
 * every entry checked on its own (another's private note is dropped, an appointment they neither own nor
 * attend shrinks to a busy marker, a rolled-up case or conversation they may not read is dropped). Portal customers
 * see only the entries meant for them ({@link PortalView}).
 */
final class TimelineService {

    /** One page: the entries the viewer may see, and where the next page starts (null at the end). */
    record Page(List<TimelineEntry> items, TimelineQuery.Cursor next) {
    }

    private final Db db;
    private final Records records;
    private final TimelineCache cache;

    TimelineService(Db db, Records records, TimelineCache cache) {
        this.db = db;
        this.records = records;
        this.cache = cache;
    }

    Future<Page> page(Principal p, Target record, TimelineQuery q) {
        if (!TimelineRules.RECORD_TYPES.contains(record.type())) {
            return Future.failedFuture(ApiException.notFound("timeline"));
        }
        return records.canRead(p, record.type(), record.id()).compose(readable -> {
            if (!readable) {
                return Future.failedFuture(ApiException.notFound(record.type()));
            }
            return stored(p, record, q).compose(raw -> visible(p, record, raw).map(items -> new Page(items,
                    raw.size() == q.limit() ? new TimelineQuery.Cursor(raw.get(raw.size() - 1).at(), raw.get(raw.size() - 1).id())
                            : null)));
        });
    }

    /** The stored entries of the page, before any viewer's filtering. */
    private Future<List<TimelineEntry>> stored(Principal p, Target record, TimelineQuery q) {
        if (!q.firstUnfiltered()) {
            return db.readInTenant(p.tenantId(), conn -> TimelineStore.page(conn, p.tenantId(), record, q, q.limit()));
        }
        TimelineCache.Key key = new TimelineCache.Key(p.tenantId(), record.type(), record.id());
        return cache.firstPage(key, () -> db.readInTenant(p.tenantId(),
                        conn -> TimelineStore.page(conn, p.tenantId(), record, q, TimelineQuery.MAX_CACHED)))
                .map(all -> all.subList(0, Math.min(q.limit(), all.size())));
    }

    private Future<List<TimelineEntry>> visible(Principal p, Target record, List<TimelineEntry> raw) {
        Map<Target, Future<Boolean>> readable = new HashMap<>();
        List<Future<TimelineEntry>> checked = new ArrayList<>();
        for (TimelineEntry e : raw) {
            checked.add(check(p, record, e, readable));
        }
        return Future.all(checked).map(all -> {
            List<TimelineEntry> out = new ArrayList<>();
            for (Future<TimelineEntry> f : checked) {
                if (f.result() != null) {
                    out.add(f.result());
                }
            }
            return out;
        });
    }

    /** The entry as {@code p} may see it, or null. */
    private Future<TimelineEntry> check(Principal p, Target record, TimelineEntry e, Map<Target, Future<Boolean>> readable) {
        if (p.isCustomer()) {
            TimelineEntry shown = PortalView.of(p, e);
            if (shown == null || "appointment".equals(shown.entityType())) {
                return Future.succeededFuture(shown);
            }
            return sourceReadable(p, record, shown, readable);
        }
        if (e.noteVisibility() != null && (p.isCustomer()
                || ("private".equals(e.noteVisibility()) && !p.userId().equals(e.authorUserId())))) {
            return Future.succeededFuture();
        }
        if ("appointment".equals(e.entityType())) {
            boolean details = p.userId().equals(e.ownerUserId()) || e.attendeeUserIds().contains(p.userId())
                    || (!p.isCustomer() && p.can(Permission.CALENDAR_READ_DETAILS));
            return Future.succeededFuture(details ? e : e.busy());
        }
        return sourceReadable(p, record, e, readable);
    }

    private Future<TimelineEntry> sourceReadable(Principal p, Target record, TimelineEntry e, Map<Target, Future<Boolean>> readable) {
        Target source = new Target(e.sourceType(), e.sourceId());
        if (source.equals(record)) {
            return Future.succeededFuture(e);
        }
        return readable.computeIfAbsent(source, s -> records.canRead(p, s.type(), s.id()))
                .map(ok -> ok ? e : null);
    }
}
