package dev.switchboard.fields;

import dev.switchboard.audit.Change;
import dev.switchboard.audit.Changes;
import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.db.Ids;
import dev.switchboard.platform.error.ApiException;
import dev.switchboard.platform.error.FieldError;
import dev.switchboard.platform.error.StoreException;
import dev.switchboard.platform.http.ExpectedVersion;
import dev.switchboard.platform.http.Pages;
import dev.switchboard.platform.http.Validator;
import dev.switchboard.tenancy.Permission;
import dev.switchboard.tenancy.Principal;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Custom field definitions (everyone in the organization reads them; {@code organization.manage} writes them), and
 * the checks every write and list of contacts, cases, tasks and conversations runs through: {@link #values} and
 * {@link #filter}. A record type the organization has defined no field for keeps a free-form map.
 */
public final class CustomFieldService {

    /** How large a record's custom field map may be, as JSON. */
    public static final int MAX_MAP_CHARS = 16_384;

    private final Db db;
    private final Changes changes;

    public CustomFieldService(Db db, Changes changes) {
        this.db = db;
        this.changes = changes;
    }

    public Future<List<CustomFieldDefinition>> list(Principal p, String recordType, boolean archived, Pages page) {
        return db.readInTenant(p.tenantId(), conn -> CustomFieldStore.list(conn, p.tenantId(), recordType, archived, page));
    }

    /** Every definition of the organization, archived ones included, by record type and position. */
    public Future<List<CustomFieldDefinition>> all(Principal p) {
        return db.readInTenant(p.tenantId(), conn -> CustomFieldStore.all(conn, p.tenantId()));
    }

    /** The definition; 404 when the organization has none with this id. */
    public Future<CustomFieldDefinition> get(Principal p, UUID id) {
        return db.readInTenant(p.tenantId(), conn -> found(conn, p.tenantId(), id));
    }

    /** Defines a field; 400 for an invalid definition, 409 when the record type has a field with the key already. */
    public Future<CustomFieldDefinition> create(Principal p, CustomFieldInput input) {
        p.require(Permission.ORGANIZATION_MANAGE);
        UUID id = Ids.next();
        List<FieldError> errors = new ArrayList<>();
        CustomFieldInput.checkDefinition(new CustomFieldDefinition(id, input.recordType(), input.key(), input.label(), input.type(),
                input.options() == null ? List.of() : input.options(), false, input.defaultValue(), 0, 1, null, null, null), errors);
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return db.inTenant(p.tenantId(), conn -> CustomFieldStore.insert(conn, p.tenantId(), id, input)
                        .compose(v -> found(conn, p.tenantId(), id))
                        .compose(d -> changes.record(conn, p, Change.created("custom_field.created", "custom_field", id, d.auditView()))
                                .map(d)))
                .recover(err -> err instanceof StoreException s && s.isDuplicate("custom_field_definitions_key")
                        ? Future.failedFuture(ApiException.conflict("custom-field-key-taken",
                        "this record type has a custom field with this key already"))
                        : Future.failedFuture(err));
    }

    /**
     * Renames, re-orders, archives or restores a field, or changes its options, required flag or default; stored values
     * stay as they are. 400 for an invalid result, 409/412 for a stale version.
     */
    public Future<CustomFieldDefinition> update(Principal p, UUID id, CustomFieldInput input, ExpectedVersion expected) {
        p.require(Permission.ORGANIZATION_MANAGE);
        return db.inTenant(p.tenantId(), conn -> found(conn, p.tenantId(), id).compose(before -> {
            CustomFieldDefinition after = new CustomFieldDefinition(id, before.recordType(), before.key(),
                    input.has("label") ? input.label() : before.label(), before.type(),
                    input.has("options") ? input.options() : before.options(),
                    input.has("required") ? input.required() : before.required(),
                    input.has("default") ? input.defaultValue() : before.defaultValue(),
                    input.position() != null ? input.position() : before.position(), before.version(), before.createdAt(),
                    before.updatedAt(), input.has("archived") ? (input.archived() ? java.time.OffsetDateTime.now() : null)
                    : before.archivedAt());
            List<FieldError> errors = new ArrayList<>();
            CustomFieldInput.checkDefinition(after, errors);
            if (!errors.isEmpty()) {
                return Future.failedFuture(ApiException.invalid(errors));
            }
            return CustomFieldStore.update(conn, p.tenantId(), after, ExpectedVersion.orRead(expected, before.version()))
                    .compose(done -> done ? found(conn, p.tenantId(), id)
                            : Future.failedFuture(ExpectedVersion.staleOr(expected, "the custom field")))
                    .compose(d -> changes.record(conn, p, Change.updated("custom_field.updated", "custom_field", id,
                            before.auditView(), d.auditView())).map(d));
        }));
    }

    /**
     * The custom field map to store for a record of {@code recordType}, inside the writer's transaction: {@code current}
     * (null on create) with {@code given} applied. With definitions, {@code given} changes the keys it names (null
     * removes one), create fills defaults, and a 400 names every unknown, archived, ill-typed, missing required or
     * unknown-user value; without any, the map is free-form and {@code given} replaces it.
     */
    public Future<JsonObject> values(SqlConnection conn, UUID tenantId, String recordType, JsonObject current, JsonObject given) {
        return values(conn, tenantId, recordType, current, given, true);
    }

    private Future<JsonObject> values(SqlConnection conn, UUID tenantId, String recordType, JsonObject current, JsonObject given,
                                      boolean enforceRequired) {
        return CustomFieldStore.ofType(conn, tenantId, recordType)
                .compose(definitions -> values(conn, tenantId, definitions, current, given, enforceRequired));
    }

    /** The definitions of {@code recordType}'s custom fields, inside the writer's transaction, for {@link #createdValues}. */
    public Future<List<CustomFieldDefinition>> definitions(SqlConnection conn, UUID tenantId, String recordType) {
        return CustomFieldStore.ofType(conn, tenantId, recordType);
    }

    /**
     * Like {@link #values} on create, with {@code definitions} read by {@link #definitions} in the same transaction (a
     * writer that creates several records of one type reads them once). For a record an automation creates (a
     * workflow's task) {@code byPerson} is false: the same checks and defaults, but no required field is enforced,
     * since no person is there to give it.
     */
    public Future<JsonObject> createdValues(SqlConnection conn, UUID tenantId, List<CustomFieldDefinition> definitions,
                                            JsonObject given, boolean byPerson) {
        return values(conn, tenantId, definitions, null, given, byPerson);
    }

    private Future<JsonObject> values(SqlConnection conn, UUID tenantId, List<CustomFieldDefinition> definitions,
                                      JsonObject current, JsonObject given, boolean enforceRequired) {
        if (definitions.isEmpty()) {
            return Future.succeededFuture(given != null ? given : current != null ? current : new JsonObject());
        }
        if (given == null && current != null) {
            return Future.succeededFuture(current);
        }
        List<FieldError> errors = new ArrayList<>();
        JsonObject out = CustomFieldValues.apply(definitions, current, given == null ? new JsonObject() : given, enforceRequired, errors);
        Set<UUID> users = given == null ? Set.of() : CustomFieldValues.userIds(definitions, given);
        Future<Set<UUID>> known = users.isEmpty() ? Future.succeededFuture(Set.of())
                : CustomFieldStore.knownUsers(conn, tenantId, users);
        return known.compose(found -> {
            for (CustomFieldDefinition d : definitions) {
                if (d.type().equals("user") && given != null && given.getValue(d.key()) instanceof String s
                        && users.contains(CustomFieldValues.uuid(s)) && !found.contains(CustomFieldValues.uuid(s))) {
                    errors.add(new FieldError("customFields." + d.key(), "no such user in this organization"));
                }
            }
            return errors.isEmpty() ? Future.succeededFuture(out) : Future.failedFuture(ApiException.invalid(errors));
        });
    }

    /**
     * The custom field map of a record the system creates (from received email or a Meta lead), inside the writer's
     * transaction: {@code given} (null for none) as it came, with the defaults of active fields it has no value for,
     * as on an API create. It never fails: nobody can be asked for a required field, so none is enforced.
     */
    public Future<JsonObject> systemValues(SqlConnection conn, UUID tenantId, String recordType, JsonObject given) {
        JsonObject values = given == null ? new JsonObject() : given;
        return CustomFieldStore.ofType(conn, tenantId, recordType)
                .map(definitions -> CustomFieldValues.fillDefaults(definitions, values, values.copy()));
    }

    /**
     * The list filter the {@code cf.} parameters of {@code params} ask for, with the custom field order {@code page}
     * asks for; one 400 naming each parameter that does not fit (an unknown, archived or unsortable field as {@code sort}).
     */
    public Future<CustomFieldFilter> filter(SqlConnection conn, UUID tenantId, String recordType, MultiMap params, Pages page) {
        if (!CustomFieldFilter.requested(params, page)) {
            return Future.succeededFuture(CustomFieldFilter.NONE);
        }
        return CustomFieldStore.ofType(conn, tenantId, recordType).compose(definitions -> {
            List<FieldError> errors = new ArrayList<>();
            CustomFieldFilter filter = CustomFieldFilter.parse(params, page, definitions, errors);
            return errors.isEmpty() ? Future.succeededFuture(filter) : Future.failedFuture(ApiException.invalid(errors));
        });
    }

    /**
     * The {@code customFields} member of a request body: null when absent, an empty map when null; anything but an
     * object of at most {@link #MAX_MAP_CHARS} characters is an error.
     */
    public static JsonObject given(JsonObject body, Validator v) {
        if (!body.containsKey("customFields")) {
            return null;
        }
        Object value = body.getValue("customFields");
        if (value == null) {
            return new JsonObject();
        }
        if (!(value instanceof JsonObject object)) {
            v.fail("customFields", "must be a JSON object");
            return new JsonObject();
        }
        if (object.encode().length() > MAX_MAP_CHARS) {
            v.fail("customFields", "must be at most " + MAX_MAP_CHARS + " characters as JSON");
        }
        return object;
    }

    private static Future<CustomFieldDefinition> found(SqlConnection conn, UUID tenantId, UUID id) {
        return CustomFieldStore.find(conn, tenantId, id).compose(d -> d == null
                ? Future.failedFuture(ApiException.notFound("custom field")) : Future.succeededFuture(d));
    }
}
