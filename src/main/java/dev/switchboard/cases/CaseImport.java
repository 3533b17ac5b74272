package dev.switchboard.cases;

import dev.switchboard.fields.CustomFieldCells;
import dev.switchboard.imports.ImportCells;
import dev.switchboard.imports.ImportTarget;
import dev.switchboard.platform.error.ApiException;
import dev.switchboard.platform.error.FieldError;
import dev.switchboard.platform.http.Validator;
import dev.switchboard.tenancy.Permission;
import dev.switchboard.tenancy.Principal;
import dev.switchboard.tenancy.TeamStore;
import dev.switchboard.tenancy.UserStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Cases from CSV. Columns are named as the create route's fields (so the export's columns import again; its id, number
 * and timestamps are ignored), and links may also be given as people know them: {@code owner} (or {@code ownerEmail})
 * and {@code contact} (or {@code contactEmail}) by email, {@code pipeline} and {@code team} by name, {@code stage} by
 * key or name within the row's pipeline (the organization's default when none is given); {@code ownerId} is
 * {@code ownerUserId}. {@code customFields} and {@code campaign} cells are JSON; every other column is a custom field.
 * Each row is checked by the create route's parser, its links are looked up in the caller's organization once per
 * batch, and it is written by the create route's own {@link CaseService#insert}. Cases have no natural key: no row is
 * ever a duplicate.
 */
public final class CaseImport implements ImportTarget<CaseImport.Row> {

    /** Active contacts a caller may read, by lower-case email, looked up inside the caller's transaction. */
    @FunctionalInterface
    public interface ContactsByEmail {
        Future<Map<String, UUID>> readable(SqlConnection conn, Principal p, Set<String> emails);
    }

    static final String OWNER = "owner";
    static final String CONTACT = "contact";
    static final String PIPELINE = "pipeline";
    static final String TEAM = "team";
    private static final Set<String> LINKS = Set.of(OWNER, CONTACT, PIPELINE, TEAM);
    /** Other names of columns, by the name used here. */
    private static final Map<String, String> ALIASES = Map.of("ownerEmail", OWNER, "contactEmail", CONTACT, "ownerId", "ownerUserId");
    /** Columns of the export that the server sets itself, ignored on import. */
    private static final Set<String> SERVER_COLUMNS = Set.of("id", "number", "createdAt", "updatedAt", "archivedAt");

    private final CaseService cases;
    private final PipelineService pipelines;
    private final ContactsByEmail contacts;

    /** One row, checked: the create route's input, and the links it names by email or name. */
    public record Row(CaseInput input, Links links) {
    }

    /** A row's links by email or name (lower case, null when not given), and the file's names of the columns used. */
    record Links(String ownerEmail, String contactEmail, String pipelineName, String teamName, Map<String, String> columns) {

        /** The file's name of the column read as {@code field}. */
        String column(String field) {
            return columns.getOrDefault(field, field);
        }

        /** {@code e} with its fields named as the file's columns. */
        ApiException named(ApiException e) {
            List<FieldError> errors = e.errors().stream().map(f -> new FieldError(column(f.field()), f.message())).toList();
            return new ApiException(e.status(), e.type(), e.title(), e.detail(), errors, e.headers());
        }
    }

    public CaseImport(CaseService cases, PipelineService pipelines, ContactsByEmail contacts) {
        this.cases = cases;
        this.pipelines = pipelines;
        this.contacts = contacts;
    }

    @Override
    public String segment() {
        return "cases";
    }

    @Override
    public Row prepare(Principal p, JsonObject row) {
        p.require(Permission.CASES_WRITE);
        JsonObject body = new JsonObject();
        JsonObject custom = new JsonObject();
        Map<String, String> columns = new HashMap<>();
        List<FieldError> repeated = new ArrayList<>();
        for (String column : row.fieldNames()) {
            String field = ALIASES.getOrDefault(column, column);
            String value = row.getString(column);
            if (SERVER_COLUMNS.contains(column)) {
                continue;
            }
            if (!LINKS.contains(field) && !CaseInput.FIELDS.contains(field)) {
                custom.put(column, value);
            } else if (columns.putIfAbsent(field, column) != null) {
                repeated.add(new FieldError(column, "gives " + field + " again; keep one of " + columns.get(field) + " and " + column));
            } else {
                body.put(field, field.equals("customFields") || field.equals("campaign") ? ImportCells.json(value) : value);
            }
        }
        ImportCells.addCustomFields(body, custom);
        Validator v = new Validator(body);
        repeated.forEach(e -> v.fail(e.field(), e.message()));
        CaseInput input = CaseInput.parse(body, v);
        Links links = new Links(body.containsKey(OWNER) ? v.email(OWNER) : null, body.containsKey(CONTACT) ? v.email(CONTACT) : null,
                lower(v.optionalString(PIPELINE, 100)), lower(v.optionalString(TEAM, 100)), columns);
        oneOf(body, v, OWNER, "ownerUserId");
        oneOf(body, v, OWNER, "ownerQueueId");
        oneOf(body, v, CONTACT, "contactId");
        oneOf(body, v, PIPELINE, "pipelineId");
        oneOf(body, v, TEAM, "teamId");
        try {
            v.check();
        } catch (ApiException e) {
            throw links.named(e);
        }
        return new Row(input, links);
    }

    /** Cases have no natural key. */
    @Override
    public String dedupeKey(Row record) {
        return null;
    }

    /**
     * Looks up the batch's owners, contacts, teams and pipelines by email or name, one query per kind, and types its
     * custom field cells by the organization's definitions.
     */
    @Override
    public Future<Resolved<Row>> resolve(SqlConnection conn, Principal p, List<Row> rows) {
        Set<String> owners = new HashSet<>();
        Set<String> contactEmails = new HashSet<>();
        Set<String> teams = new HashSet<>();
        Set<String> pipelineNames = new HashSet<>();
        Set<UUID> pipelineIds = new HashSet<>();
        boolean anyDefault = false;
        for (Row row : rows) {
            Links l = row.links();
            addIfSet(owners, l.ownerEmail());
            addIfSet(contactEmails, l.contactEmail());
            addIfSet(teams, l.teamName());
            addIfSet(pipelineNames, l.pipelineName());
            addIfSet(pipelineIds, row.input().pipelineId());
            anyDefault |= l.pipelineName() == null && row.input().pipelineId() == null;
        }
        Future<Map<String, UUID>> users = owners.isEmpty() ? Future.succeededFuture(Map.of())
                : UserStore.activeStaffByEmail(conn, p.tenantId(), owners);
        Future<Map<String, UUID>> linked = contactEmails.isEmpty() ? Future.succeededFuture(Map.of())
                : contacts.readable(conn, p, contactEmails);
        Future<Map<String, UUID>> named = teams.isEmpty() ? Future.succeededFuture(Map.of()) : TeamStore.idsByName(conn, p.tenantId(), teams);
        Future<List<Pipeline>> found = pipelineNames.isEmpty() && pipelineIds.isEmpty() ? Future.succeededFuture(List.of())
                : PipelineStore.findNamed(conn, p.tenantId(), pipelineNames, pipelineIds);
        Future<Pipeline> fallback = anyDefault ? pipelines.ensureDefault(conn, p) : Future.succeededFuture();
        Future<CustomFieldCells> cells = CustomFieldCells.of(conn, p.tenantId(), CaseService.RECORD_TYPE);
        return Future.all(List.of(users, linked, named, found, fallback, cells)).map(all -> {
            Lookups lookups = new Lookups(users.result(), linked.result(), named.result(), found.result(), fallback.result(),
                    cells.result());
            List<Row> out = new ArrayList<>(rows.size());
            Map<Integer, List<FieldError>> errors = new HashMap<>();
            for (int i = 0; i < rows.size(); i++) {
                List<FieldError> problems = new ArrayList<>();
                out.add(lookups.resolve(rows.get(i), problems));
                if (!problems.isEmpty()) {
                    errors.put(i, problems);
                }
            }
            return new Resolved<>(out, errors);
        });
    }

    @Override
    public Future<Void> create(SqlConnection conn, Principal p, Row row) {
        return cases.insert(conn, p, row.input()).<Void>mapEmpty()
                .recover(err -> Future.failedFuture(err instanceof ApiException e ? row.links().named(e) : err));
    }

    /** One batch's links found in the organization. */
    private record Lookups(Map<String, UUID> users, Map<String, UUID> contacts, Map<String, UUID> teams, List<Pipeline> pipelines,
                           Pipeline fallback, CustomFieldCells cells) {

        /** The row with every link as an id and its stage as a key; {@code problems} gets each link that names nothing. */
        Row resolve(Row row, List<FieldError> problems) {
            CaseInput in = row.input();
            Links l = row.links();
            UUID owner = link(l.ownerEmail(), in.ownerUserId(), users, l.column(OWNER),
                    "no active staff user of this organization has this email", problems);
            UUID contact = link(l.contactEmail(), in.contactId(), contacts, l.column(CONTACT),
                    "no contact of this organization that you can read has this email", problems);
            UUID team = link(l.teamName(), in.teamId(), teams, l.column(TEAM), "no team of this organization has this name", problems);
            Pipeline pipeline = pipeline(l, in, problems);
            String stage = in.stage();
            if (pipeline != null && stage != null) {
                stage = stageKey(pipeline, stage);
                if (stage == null) {
                    problems.add(new FieldError(l.column("stage"), "is not a stage of pipeline " + pipeline.name()));
                }
            }
            return problems.isEmpty() ? new Row(in.resolved(contact, pipeline.id(), stage, owner, team, cells.typed(in.customFields())), l)
                    : row;
        }

        private Pipeline pipeline(Links l, CaseInput in, List<FieldError> problems) {
            if (l.pipelineName() == null && in.pipelineId() == null) {
                return fallback;
            }
            Pipeline match = pipelines.stream().filter(p -> l.pipelineName() != null
                    ? p.name().toLowerCase(Locale.ROOT).equals(l.pipelineName()) : p.id().equals(in.pipelineId())).findFirst().orElse(null);
            if (match == null) {
                problems.add(l.pipelineName() != null ? new FieldError(l.column(PIPELINE), "no pipeline of this organization has this name")
                        : new FieldError(l.column("pipelineId"), "is not a pipeline of this organization"));
            }
            return match;
        }

        private static UUID link(String key, UUID given, Map<String, UUID> found, String column, String message, List<FieldError> problems) {
            if (key == null) {
                return given;
            }
            UUID id = found.get(key);
            if (id == null) {
                problems.add(new FieldError(column, message));
            }
            return id;
        }

        /** The stage {@code given} names by key, or else by key or name whatever their case; null when none. */
        private static String stageKey(Pipeline pipeline, String given) {
            return pipeline.stage(given).map(PipelineStage::key).orElseGet(() -> pipeline.stages().stream()
                    .filter(s -> s.key().equalsIgnoreCase(given) || s.name().equalsIgnoreCase(given))
                    .map(PipelineStage::key).findFirst().orElse(null));
        }
    }

    /** At most one of the columns read as {@code fields} may be given; the later ones are named. */
    private static void oneOf(JsonObject body, Validator v, String... fields) {
        String first = null;
        for (String field : fields) {
            if (body.getValue(field) == null) {
                continue;
            }
            if (first == null) {
                first = field;
            } else {
                v.fail(field, "give either " + first + " or " + field + ", not both");
            }
        }
    }

    private static String lower(String value) {
        return value == null ? null : value.toLowerCase(Locale.ROOT);
    }

    private static <T> void addIfSet(Set<T> set, T value) {
        if (value != null) {
            set.add(value);
        }
    }
}
