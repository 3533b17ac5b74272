package dev.switchboard.search;

import dev.switchboard.platform.db.Db;
import dev.switchboard.tenancy.Principal;
import dev.switchboard.tenancy.Records;
import dev.switchboard.tenancy.SearchSource;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Search across records: every registered {@link SearchSource} applies its record's read rule in SQL; hits whose
 * parent the source does not check (notes) are kept only when {@link Records} says the caller reads the parent.
 * A page may then hold fewer hits than its limit; {@code nextCursor} is null only on the last page.
 */
public final class SearchService {

    private final Db db;
    private final Records records;
    private final Map<String, SearchSource> sources = new LinkedHashMap<>();
    private final SearchStore store = new SearchStore();

    public SearchService(Db db, Records records, List<SearchSource> sources) {
        this.db = db;
        this.records = records;
        sources.forEach(source -> this.sources.put(source.type(), source));
    }

    /** The searchable record types. */
    public Set<String> types() {
        return sources.keySet();
    }

    /** A page of the records matching {@code request} that {@code p} may open, best first. */
    Future<SearchPage> search(Principal p, SearchRequest request) {
        List<SearchSource> chosen = sources.values().stream().filter(s -> request.types().contains(s.type())).toList();
        SearchQuery query = SearchQuery.of(request.text());
        SearchCursor after = request.after();
        return db.inTenant(p.tenantId(), conn -> new PageRead(conn, p, chosen, query, request.limit())
                .from(after == null ? SearchPhase.WORDS : after.phase(), after, after != null && after.phase() != SearchPhase.SIMILAR));
    }

    /**
     * One page read phase by phase: each phase is asked for one row more than the page still holds, and the page is
     * full once a phase returns more than that.
     */
    private final class PageRead {

        private final SqlConnection conn;
        private final Principal p;
        private final List<SearchSource> sources;
        private final SearchQuery query;
        private final int limit;
        private final List<SearchHit> examined = new ArrayList<>();
        private SearchCursor last;

        PageRead(SqlConnection conn, Principal p, List<SearchSource> sources, SearchQuery query, int limit) {
            this.conn = conn;
            this.p = p;
            this.sources = sources;
            this.query = query;
            this.limit = limit;
        }

        /**
         * The page from {@code phase} on, after {@code after} (a position in {@code phase}, or null for its best);
         * {@code matched} whether anything matched as written.
         */
        Future<SearchPage> from(SearchPhase phase, SearchCursor after, boolean matched) {
            if (phase == null) {
                return readable(conn, p, examined).map(hits -> new SearchPage(hits, null));
            }
            if (!query.asks(phase) || phase == SearchPhase.SIMILAR && matched) {
                return from(phase.next(), null, matched);
            }
            int room = limit - examined.size();
            return store.search(conn, p, sources, query, phase, after, room + 1)
                    .compose(rows -> {
                        if (rows.size() > room) {
                            examined.addAll(rows.subList(0, room));
                            SearchCursor cursor = room > 0 ? rows.get(room - 1).position(phase) : last;
                            return readable(conn, p, examined).map(hits -> new SearchPage(hits, cursor.encode()));
                        }
                        examined.addAll(rows);
                        if (!rows.isEmpty()) {
                            last = rows.get(rows.size() - 1).position(phase);
                        }
                        return from(phase.next(), null, matched || !rows.isEmpty());
                    });
        }
    }

    /** {@code hits} without those whose unchecked parent {@code p} cannot read, in order. */
    private Future<List<SearchHit>> readable(SqlConnection conn, Principal p, List<SearchHit> hits) {
        List<Future<Boolean>> checks = new ArrayList<>(hits.size());
        for (SearchHit hit : hits) {
            checks.add(sources.get(hit.type()).checksParent() ? Future.succeededFuture(true)
                    : records.canRead(conn, p, hit.parentType(), hit.parentId()));
        }
        return Future.all(checks).map(all -> {
            List<SearchHit> kept = new ArrayList<>(hits.size());
            for (int i = 0; i < hits.size(); i++) {
                if (checks.get(i).result()) {
                    kept.add(hits.get(i));
                }
            }
            return kept;
        });
    }
}
