package dev.switchboard.search;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.util.UUID;
import java.util.function.Function;

/**
 * One record that matched: its type and id, a title, a snippet (HTML-escaped text in which the matched words
 * are wrapped in {@code <mark>}), its rank from 0 to 1, and for notes and messages the record they belong to.
 */
record SearchHit(String type, UUID id, float rank, String title, String snippet, String parentType, UUID parentId) {

    /** The highlight markers ts_headline puts around matches: private-use characters removed from the text beforehand. */
    static final char START = '\uE000';
    static final char STOP = '\uE001';

    static final Function<Row, SearchHit> MAPPER = row -> new SearchHit(row.getString("type"), row.getUUID("id"),
            row.getFloat("rank"), row.getString("title"), highlighted(row.getString("snippet")),
            row.getString("parent_type"), row.getUUID("parent_id"));

    /** The position of this hit, found in {@code phase}. */
    SearchCursor position(SearchPhase phase) {
        return new SearchCursor(phase, rank, id);
    }

    JsonObject toJson() {
        JsonObject json = new JsonObject().put("type", type).put("id", id.toString()).put("title", title)
                .put("snippet", snippet).put("rank", rank);
        if (parentType != null) {
            json.put("parent", new JsonObject().put("type", parentType).put("id", parentId.toString()));
        }
        return json;
    }

    /** {@code text} HTML-escaped, with the highlight markers turned into {@code <mark>} elements. */
    static String highlighted(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 32);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case START -> out.append("<mark>");
                case STOP -> out.append("</mark>");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
