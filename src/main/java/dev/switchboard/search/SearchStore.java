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
 * The search statements: each source's matches past the cursor, best first and at most one page each, merged by rank
 * and id; snippets are highlighted only for the rows of the page. In {@link SearchPhase#WRITTEN} the sources look up
 * the last word as a prefix only when their matches of the words as written ({@code w}, after each read rule) leave
 * room on the page: a broad word fills the page with exact lookups and never pays for the costly prefix lookup, and a
 * narrow one gets both in one statement. Shared parameters: $1 tenant, $2 the words as written and $3 with the last
 * one a prefix (full-text terms, turned into queries once in {@code q}), $4 substring pattern, $5 text for similar
 * spellings, $6 and $7 the cursor's rank and id, $8 the rows to fetch; each source's own follow.
 */
final class SearchStore {

    private static final String HEADLINE_OPTIONS = "'StartSel=\"' || chr(57344) || '\", StopSel=\"' || chr(57345)"
            + " || '\", MaxWords=30, MinWords=12'";
    private static final String COLUMNS = "(type, id, rank, title, body, parent_type, parent_id)";
    private static final String AFTER = "($6::real IS NULL OR (s.rank, s.id) < ($6::real, $7::uuid))";
    private static final String BEST = " ORDER BY s.rank DESC, s.id DESC LIMIT $8::int";
    /**
     * Whether the matches of the words as written leave room on the page. {@code w} is computed as far as it is read,
     * and this reads no further than the page, so the sources join back only as many of their matches as a page takes.
     */
    private static final String ROOM_LEFT = "(SELECT count(*) FROM (SELECT FROM w LIMIT $8::int) l) < $8::int";

    private final Map<List<String>, String> statements = new ConcurrentHashMap<>();

    /** Up to {@code rows} hits of {@code sources} in {@code phase}, after {@code after} (null: from the best), best first. */
    Future<List<SearchHit>> search(SqlConnection conn, Principal p, List<SearchSource> sources, SearchQuery query,
                                   SearchPhase phase, SearchCursor after, int rows) {
        Tuple tuple = Tuple.of(p.tenantId(), query.words(), query.prefixes(), query.like(), query.trigram())
                .addValue(after == null ? null : after.rank()).addUUID(after == null ? null : after.id()).addInteger(rows);
        List<Integer> firsts = new ArrayList<>();
        for (SearchSource source : sources) {
            firsts.add(tuple.size() + 1);
            source.bind(tuple, p);
        }
        List<String> key = new ArrayList<>(sources.stream().map(SearchSource::type).toList());
        key.add(phase.name());
        String sql = statements.computeIfAbsent(key, k -> statement(phase, sources, firsts));
        return conn.preparedQuery(sql).execute(tuple).map(result -> {
            List<SearchHit> hits = new ArrayList<>(result.rowCount());
            result.forEach(row -> hits.add(SearchHit.MAPPER.apply(row)));
            return hits;
        });
    }

    /** The statement of {@code phase} for {@code sources}, whose own parameters start at {@code firsts}. */
    private static String statement(SearchPhase phase, List<SearchSource> sources, List<Integer> firsts) {
        List<String> written = new ArrayList<>();
        List<String> branches = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            SearchSource source = sources.get(i);
            int first = firsts.get(i);
            switch (phase) {
                case WRITTEN -> {
                    written.add("(" + best(source.select(matches(source, "words", 1), first), "") + ")");
                    branches.add("(" + best(source.select(matches(source, "prefixes", 0), first), " AND " + ROOM_LEFT) + ")");
                }
                case SIMILAR -> branches.add("(" + best(source.select(matches(source, "similar", 1), first), "") + ")");
            }
        }
        if (!written.isEmpty()) {
            branches.add(0, "SELECT * FROM w");
        }
        return "WITH q AS MATERIALIZED (SELECT search_query($1::uuid, $2::text) AS words, search_query($1::uuid, $3::text) AS prefixes)"
                + (written.isEmpty() ? "" : ", w AS MATERIALIZED (SELECT * FROM (" + String.join(" UNION ALL ", written)
                        + ") u ORDER BY u.rank DESC, u.id DESC)")
                + " SELECT h.type, h.id, h.rank, h.title, h.parent_type, h.parent_id, coalesce(ts_headline((SELECT search_config($1::uuid)),"
                + " translate(h.body, chr(57344) || chr(57345), ''), (SELECT prefixes FROM q), " + HEADLINE_OPTIONS
                + "), left(h.body, 200)) AS snippet FROM (SELECT * FROM (" + String.join(" UNION ALL ", branches)
                + ") u ORDER BY u.rank DESC, u.id DESC LIMIT $8::int) h ORDER BY h.rank DESC, h.id DESC";
    }

    /** The best rows of {@code select} past the cursor, where {@code condition} holds too. */
    private static String best(String select, String condition) {
        return "SELECT * FROM (" + select + ") AS s" + COLUMNS + " WHERE " + AFTER + condition + BEST;
    }

    /**
     * The matches of {@code source}'s table in {@code phase} of the search function, best first, as rows
     * {@code (id, rank)}: the match's rank (0 to 1) plus {@code band}, halved.
     */
    private static String matches(SearchSource source, String phase, int band) {
        return "(SELECT x.id, ((x.rank + " + band + ") / 2)::real AS rank FROM search_matches('" + source.table() + "', '" + phase
                + "', (SELECT words FROM q), (SELECT prefixes FROM q), $4, $5) x ORDER BY 2 DESC, 1 DESC)";
    }
}
