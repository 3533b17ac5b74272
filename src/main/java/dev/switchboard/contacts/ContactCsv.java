package dev.switchboard.contacts;

import dev.switchboard.exports.CsvSource;
import dev.switchboard.platform.http.KeysetPages;
import dev.switchboard.tenancy.Principal;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.function.Function;

/** Contacts as CSV: the list's filters, the list's read rules (a portal customer gets their own contact at most). */
public final class ContactCsv implements CsvSource {

    static final List<String> COLUMNS = List.of("id", "firstName", "lastName", "fullName", "email", "phone", "company", "region",
            "tags", "ownerUserId", "teamId", "customFields", "createdAt", "updatedAt", "archivedAt");
    private static final int PAGE = 500;

    private final ContactService contacts;

    public ContactCsv(ContactService contacts) {
        this.contacts = contacts;
    }

    @Override
    public String segment() {
        return "contacts";
    }

    @Override
    public List<String> columns() {
        return COLUMNS;
    }

    @Override
    public Future<Void> export(Principal p, MultiMap query, Function<List<JsonObject>, Future<Void>> sink) {
        ContactFilter filter = ContactEndpoint.filter(query);
        return KeysetPages.walk(PAGE, page -> contacts.list(p, filter, query, page), Contact::id,
                batch -> sink.apply(batch.stream().map(Contact::toJson).toList()));
    }
}
