package dev.switchboard.contacts;

import dev.switchboard.fields.CustomFieldCells;
import dev.switchboard.imports.ImportCells;
import dev.switchboard.imports.ImportTarget;
import dev.switchboard.platform.error.FieldError;
import dev.switchboard.platform.http.Validator;
import dev.switchboard.tenancy.Principal;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Contacts from CSV: columns named as the contact's JSON fields (the export's columns), {@code tags} joined by
 * {@code ;}, {@code customFields} as JSON, and every other column a custom field. Each row is checked and normalised by
 * the create route's code; duplicates are recognised by email, whatever its case.
 */
public final class ContactImport implements ImportTarget<ContactImport.Row> {

    /** Columns of the export that the server sets itself, ignored on import. */
    private static final Set<String> SERVER_COLUMNS = Set.of("id", "createdAt", "updatedAt", "archivedAt");

    private final ContactService contacts;

    /** One row, checked: as the create route's input, and the values a new contact would store. */
    public record Row(ContactInput input, ContactValues values) {

        /** This row with its custom field cells typed. */
        Row typed(CustomFieldCells cells) {
            if (!input.has("customFields")) {
                return this;
            }
            ContactValues given = input.values();
            return new Row(new ContactInput(given.withCustomFields(cells.typed(given.customFields())), input.present()), values);
        }
    }

    public ContactImport(ContactService contacts) {
        this.contacts = contacts;
    }

    @Override
    public String segment() {
        return "contacts";
    }

    @Override
    public Row prepare(Principal p, JsonObject row) {
        JsonObject body = new JsonObject();
        JsonObject custom = new JsonObject();
        for (String column : row.fieldNames()) {
            String value = row.getString(column);
            if (SERVER_COLUMNS.contains(column)) {
                continue;
            }
            switch (column) {
                case "tags" -> body.put("tags", tags(value));
                case "customFields" -> body.put("customFields", ImportCells.json(value));
                default -> (ContactInput.FIELDS.contains(column) ? body : custom).put(column, value);
            }
        }
        ImportCells.addCustomFields(body, custom);
        Validator v = new Validator(body);
        ContactInput input = ContactInput.parse(body, v);
        v.check();
        return new Row(input, contacts.newValues(p, input));
    }

    @Override
    public String dedupeKey(Row record) {
        return record.values().email();
    }

    @Override
    public Future<Set<String>> existingKeys(SqlConnection conn, Principal p, Set<String> keys) {
        return ContactStore.activeEmails(conn, p.tenantId(), keys);
    }

    /**
     * Contacts name their owner and team by id only: they are checked. Custom field cells are typed by the organization's
     * definitions.
     */
    @Override
    public Future<Resolved<Row>> resolve(SqlConnection conn, Principal p, List<Row> records) {
        Set<UUID> users = new HashSet<>();
        Set<UUID> teams = new HashSet<>();
        records.forEach(r -> {
            addIfSet(users, r.values().ownerUserId());
            addIfSet(teams, r.values().teamId());
        });
        Future<CustomFieldCells> cells = CustomFieldCells.of(conn, p.tenantId(), ContactService.RECORD_TYPE);
        Future<Set<UUID>> references = ContactStore.knownReferences(conn, p.tenantId(), users, teams);
        return Future.all(cells, references).map(all -> {
            Set<UUID> known = references.result();
            Map<Integer, List<FieldError>> unknown = new HashMap<>();
            for (int i = 0; i < records.size(); i++) {
                ContactValues values = records.get(i).values();
                List<FieldError> errors = new ArrayList<>();
                if (values.ownerUserId() != null && !known.contains(values.ownerUserId())) {
                    errors.add(new FieldError("ownerUserId", "no such user in this organization"));
                }
                if (values.teamId() != null && !known.contains(values.teamId())) {
                    errors.add(new FieldError("teamId", "no such team in this organization"));
                }
                if (!errors.isEmpty()) {
                    unknown.put(i, errors);
                }
            }
            return new Resolved<>(records.stream().map(r -> r.typed(cells.result())).toList(), unknown);
        });
    }

    @Override
    public Future<Void> create(SqlConnection conn, Principal p, Row record) {
        return contacts.insert(conn, p, record.input(), record.values()).mapEmpty();
    }

    @Override
    public Future<Void> update(SqlConnection conn, Principal p, Row record) {
        return contacts.updateByEmail(conn, p, record.input()).mapEmpty();
    }

    private static JsonArray tags(String cell) {
        JsonArray tags = new JsonArray();
        for (String tag : cell.split(";")) {
            if (!tag.isBlank()) {
                tags.add(tag.trim());
            }
        }
        return tags;
    }

    private static <T> void addIfSet(Set<T> set, T value) {
        if (value != null) {
            set.add(value);
        }
    }
}
