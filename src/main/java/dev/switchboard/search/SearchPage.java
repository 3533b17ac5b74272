package dev.switchboard.search;

import io.vertx.core.json.JsonArray;
import java.util.List;

/** One page of hits and the cursor of the next, null on the last page. */
record SearchPage(List<SearchHit> hits, String nextCursor) {

    JsonArray items() {
        JsonArray items = new JsonArray();
        hits.forEach(hit -> items.add(hit.toJson()));
        return items;
    }
}
