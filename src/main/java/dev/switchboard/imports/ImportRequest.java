package dev.switchboard.imports;

import dev.switchboard.jobs.Job;
import dev.switchboard.platform.http.RequestMeta;
import dev.switchboard.tenancy.Principal;
import dev.switchboard.tenancy.Role;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

/**
 * An import as its job carries it: the record type, the spooled file, the choices, and the caller (the import writes
 * as them, with the permissions and teams they had when they uploaded the file). The caller travels under
 * {@link Job#CALLER}, which the jobs API does not show: who else reads the job need not learn the uploader's
 * address, browser or permissions.
 */
record ImportRequest(String type, String file, boolean allOrNothing, boolean updateDuplicates, Principal principal) {

    static final String ALL_OR_NOTHING = "all_or_nothing";
    static final String SKIP_INVALID = "skip_invalid";
    static final String SKIP = "skip";
    static final String UPDATE = "update";

    JsonObject toPayload() {
        Principal p = principal;
        return new JsonObject().put("type", type).put("file", file)
                .put("mode", allOrNothing ? ALL_OR_NOTHING : SKIP_INVALID)
                .put("onDuplicate", updateDuplicates ? UPDATE : SKIP)
                .put(Job.CALLER, new JsonObject()
                        .put("userId", p.userId().toString())
                        .put("apiKeyId", p.apiKeyId() == null ? null : p.apiKeyId().toString())
                        .put("role", p.role().wire())
                        .put("permissions", new JsonArray(p.permissions().stream().sorted().toList()))
                        .put("teamIds", new JsonArray(p.teamIds().stream().map(UUID::toString).sorted().toList()))
                        .put("correlationId", p.meta().requestId())
                        .put("ip", p.meta().ip())
                        .put("userAgent", p.meta().userAgent()));
    }

    static ImportRequest of(UUID tenantId, JsonObject job) {
        // jobs queued before the caller had its own object carry its fields at the top level
        JsonObject payload = job.getJsonObject(Job.CALLER, job);
        Set<String> permissions = new HashSet<>();
        payload.getJsonArray("permissions").forEach(perm -> permissions.add((String) perm));
        Set<UUID> teams = new HashSet<>();
        payload.getJsonArray("teamIds").forEach(team -> teams.add(UUID.fromString((String) team)));
        String apiKey = payload.getString("apiKeyId");
        Principal p = new Principal(tenantId, UUID.fromString(payload.getString("userId")), null,
                Role.fromWire(payload.getString("role")), Set.copyOf(permissions), Set.copyOf(teams), null,
                new RequestMeta(payload.getString("correlationId"), payload.getString("ip"), payload.getString("userAgent")),
                false, apiKey == null ? null : UUID.fromString(apiKey));
        return new ImportRequest(job.getString("type"), job.getString("file"),
                ALL_OR_NOTHING.equals(job.getString("mode")), UPDATE.equals(job.getString("onDuplicate")), p);
    }
}
