package dev.switchboard.search;

import dev.switchboard.tenancy.Principal;
import dev.switchboard.tenancy.SearchSource;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The search statement of one phase: each source's matches past the cursor, best first and at most one page each,
 * merged by rank and id; snippets are highlighted only for the rows of the page. Shared parameters: $1 tenant,
 * $2 phase, $3 the words as written and $4 with the last one a prefix (full-text terms, turned into queries once in
 * {@code q}), $5 substring pattern, $6 text for similar spellings, $7 the phase's rank band, $8 and $9 the cursor's
 * rank and id, $10 the rows to fetch; each source's own follow.
 */
final class SearchStore {

    private static final String HEADLINE_OPTIONS = "'StartSel=\"' || chr(57344) || '\", StopSel=\"' || chr(57345)"
            + " || '\", MaxWords=30, MinWords=12'";
    private static final String COLUMNS = "(type, id, rank, title, body, parent_type, parent_id)";

    private final Map<List<String>, String> statements = new ConcurrentHashMap<>();

    /** Up to {@code rows} hits of {@code sources} in {@code phase}, after {@code after} (null: from the phase's best), best first. */
    Future<List<SearchHit>> search(SqlConnection conn, Principal p, List<SearchSource> sources, SearchQuery query,
                                   SearchPhase phase, SearchCursor after, int rows) {
        Tuple tuple = Tuple.of(p.tenantId(), phase.sql, query.words(), query.prefixes(), query.like(), query.trigram())
                .addInteger(phase.band).addValue(after == null ? null : after.rank()).addUUID(after == null ? null : after.id())
                .addInteger(rows);
        List<Integer> firsts = new ArrayList<>();
        for (SearchSource source : sources) {
            firsts.add(tuple.size() + 1);
            source.bind(tuple, p);
        }
        String sql = statements.computeIfAbsent(sources.stream().map(SearchSource::type).toList(), types -> statement(sources, firsts));
        return conn.preparedQuery(sql).execute(tuple).map(result -> {
            List<SearchHit> hits = new ArrayList<>(result.rowCount());
            result.forEach(row -> hits.add(SearchHit.MAPPER.apply(row)));
            return hits;
        });
    }

    /** The statement for {@code sources}, whose own parameters start at {@code firsts}. */
    private static String statement(List<SearchSource> sources, List<Integer> firsts) {
        List<String> branches = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            branches.add("(SELECT * FROM (" + sources.get(i).select(firsts.get(i)) + ") AS s" + COLUMNS
                    + " WHERE $8::real IS NULL OR (s.rank, s.id) < ($8::real, $9::uuid) ORDER BY s.rank DESC, s.id DESC LIMIT $10::int)");
        }
        return "WITH q AS MATERIALIZED (SELECT search_query($1::uuid, $3::text) AS words, search_query($1::uuid, $4::text) AS prefixes)"
                + " SELECT h.type, h.id, h.rank, h.title, h.parent_type, h.parent_id, coalesce(ts_headline((SELECT search_config($1::uuid)),"
                + " translate(h.body, chr(57344) || chr(57345), ''), (SELECT coalesce(prefixes, words) FROM q), " + HEADLINE_OPTIONS
                + "), left(h.body, 200)) AS snippet FROM (SELECT * FROM (" + String.join(" UNION ALL ", branches)
                + ") u ORDER BY u.rank DESC, u.id DESC LIMIT $10::int) h ORDER BY h.rank DESC, h.id DESC";
    }
}
