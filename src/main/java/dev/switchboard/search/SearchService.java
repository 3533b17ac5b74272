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
        return db.inTenant(p.tenantId(), conn -> page(conn, p, chosen, query,
                after == null ? SearchPhase.WRITTEN : after.phase(), after, request.limit()));
    }

    /**
     * The page of {@code phase} after {@code after} (null: from its best). A first page that matches nothing as
     * written turns to similar spellings.
     */
    private Future<SearchPage> page(SqlConnection conn, Principal p, List<SearchSource> chosen, SearchQuery query,
                                    SearchPhase phase, SearchCursor after, int limit) {
        boolean similarNext = phase == SearchPhase.WRITTEN && after == null && query.asks(SearchPhase.SIMILAR);
        Future<List<SearchHit>> found = query.asks(phase) ? store.search(conn, p, chosen, query, phase, after, limit + 1)
                : Future.succeededFuture(List.of());
        return found.compose(rows -> {
            if (rows.isEmpty() && similarNext) {
                return page(conn, p, chosen, query, SearchPhase.SIMILAR, null, limit);
            }
            List<SearchHit> examined = rows.size() > limit ? rows.subList(0, limit) : rows;
            String next = rows.size() > limit ? examined.get(limit - 1).position(phase).encode() : null;
            return readable(conn, p, examined).map(hits -> new SearchPage(hits, next));
        });
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
