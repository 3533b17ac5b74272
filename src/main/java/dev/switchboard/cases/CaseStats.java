package dev.switchboard.cases;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Counts over the cases one caller can see: active ones by stage and by owner, and recent creations. */
public record CaseStats(Map<String, Integer> byStage, List<OwnerCount> byOwner, int createdThisWeek, int createdThisMonth,
                        int total, String timezone) {

    /** Active cases of one owner: a user, a queue (waiting, unclaimed) or nobody (both null). */
    public record OwnerCount(UUID ownerUserId, UUID ownerQueueId, int count) {

        JsonObject toJson() {
            return new JsonObject()
                    .put("ownerUserId", ownerUserId == null ? null : ownerUserId.toString())
                    .put("ownerQueueId", ownerQueueId == null ? null : ownerQueueId.toString())
                    .put("count", count);
        }
    }

    public JsonObject toJson() {
        JsonObject stages = new JsonObject();
        byStage.forEach(stages::put);
        JsonArray owners = new JsonArray();
        byOwner.forEach(o -> owners.add(o.toJson()));
        return new JsonObject()
                .put("byStage", stages)
                .put("byOwner", owners)
                .put("createdThisWeek", createdThisWeek)
                .put("createdThisMonth", createdThisMonth)
                .put("total", total)
                .put("timezone", timezone);
    }
}
