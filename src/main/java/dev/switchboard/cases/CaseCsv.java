package dev.switchboard.cases;

import dev.switchboard.exports.CsvSource;
import dev.switchboard.platform.http.KeysetPages;
import dev.switchboard.tenancy.Principal;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.function.Function;

/** Cases as CSV: the list's filters and read rules ({@link CaseVisibility}). */
public final class CaseCsv implements CsvSource {

    static final List<String> COLUMNS = List.of("id", "number", "title", "contactId", "pipelineId", "stage", "priority", "ownerUserId",
            "ownerQueueId", "teamId", "source", "createdAt", "updatedAt", "archivedAt");
    private static final int PAGE = 500;

    private final CaseService cases;

    public CaseCsv(CaseService cases) {
        this.cases = cases;
    }

    @Override
    public String segment() {
        return "cases";
    }

    @Override
    public List<String> columns() {
        return COLUMNS;
    }

    @Override
    public Future<Void> export(Principal p, MultiMap query, Function<List<JsonObject>, Future<Void>> sink) {
        CaseFilter filter = CaseEndpoint.filter(query);
        return KeysetPages.walk(PAGE, page -> cases.list(p, filter, query, page), Case::id,
                batch -> sink.apply(batch.stream().map(Case::toJson).toList()));
    }
}
