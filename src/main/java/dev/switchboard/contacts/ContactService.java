package dev.switchboard.contacts;

import dev.switchboard.audit.Change;
import dev.switchboard.audit.Changes;
import dev.switchboard.fields.CustomFieldService;
import dev.switchboard.platform.bus.Actor;
import dev.switchboard.platform.http.RequestMeta;
import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.db.Ids;
import dev.switchboard.platform.error.ApiException;
import dev.switchboard.platform.error.StoreException;
import dev.switchboard.platform.http.ExpectedVersion;
import dev.switchboard.platform.http.Pages;
import dev.switchboard.tenancy.Permission;
import dev.switchboard.tenancy.Principal;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Contacts: staff read what they own, what belongs to one of their teams, or everything with
 * {@code contacts.read_all}; portal customers read only their own contact. {@code contacts.write}
 * creates and changes them. Invisible contacts answer 404, like missing ones.
 */
public final class ContactService {

    /** The record type contacts' custom field definitions are filed under. */
    static final String RECORD_TYPE = "contact";

    private final Db db;
    private final Changes changes;
    private final CustomFieldService customFields;

    public ContactService(Db db, Changes changes, CustomFieldService customFields) {
        this.db = db;
        this.changes = changes;
        this.customFields = customFields;
    }

    /** The contacts {@code p} sees that match {@code filter} and the {@code cf.} parameters of {@code query}; 400 for a bad one. */
    public Future<List<Contact>> list(Principal p, ContactFilter filter, MultiMap query, Pages page) {
        return db.inTenant(p.tenantId(), conn -> customFields.filter(conn, p.tenantId(), RECORD_TYPE, query, page)
                .compose(custom -> ContactStore.list(conn, p.tenantId(), ContactScope.of(p), filter, custom, page)));
    }

    /** The contact; 404 when it is missing or not visible to {@code p}. */
    public Future<Contact> get(Principal p, UUID id) {
        return db.inTenant(p.tenantId(), conn -> visible(conn, p, id));
    }

    /** True when the contact exists and {@code p} may read it. */
    public Future<Boolean> canRead(Principal p, UUID id) {
        return db.inTenant(p.tenantId(), conn -> canRead(conn, p, id));
    }

    /** Like {@link #canRead(Principal, UUID)}, inside the caller's transaction on {@code conn}. */
    public Future<Boolean> canRead(SqlConnection conn, Principal p, UUID id) {
        return ContactStore.find(conn, p.tenantId(), id, ContactScope.of(p)).map(contact -> contact != null);
    }

    /**
     * Of {@code emails} (lower case), those of active contacts {@code p} may read, with their ids, inside the caller's
     * transaction on {@code conn}: how other records' imports link contacts named by email.
     */
    public Future<Map<String, UUID>> readableIdsByEmail(SqlConnection conn, Principal p, Set<String> emails) {
        return ContactStore.readableByEmail(conn, p.tenantId(), ContactScope.of(p), emails);
    }

    /**
     * Creates a contact, owned by the caller unless the input names an owner. 400 for invalid or
     * unknown fields, 409 when an active contact has the email.
     */
    public Future<Contact> create(Principal p, ContactInput input) {
        ContactValues values = newValues(p, input);
        return db.inTenant(p.tenantId(), conn -> insert(conn, p, input, values)).recover(ContactService::translate);
    }

    /**
     * What {@code input} stores as a new contact of {@code p}'s: normalised, owned by {@code p} unless it names an owner.
     * 403 without {@code contacts.write}, 400 naming every field that cannot be normalised.
     */
    ContactValues newValues(Principal p, ContactInput input) {
        p.require(Permission.CONTACTS_WRITE);
        return ContactNormalizer.normalize(input.has("ownerUserId") ? input.values()
                : ContactMerge.withOwner(input.values(), p.userId()));
    }

    /**
     * Inserts a contact of {@link #newValues} inside the caller's transaction, with its custom fields checked against the
     * organization's definitions (defaults filled in), its audit entry and event.
     */
    Future<Contact> insert(SqlConnection conn, Principal p, ContactInput input, ContactValues values) {
        UUID id = Ids.next();
        return customFields.values(conn, p.tenantId(), RECORD_TYPE, null, given(input))
                .compose(custom -> ContactStore.insert(conn, p.tenantId(), id, values.withCustomFields(custom)))
                .compose(v -> ContactStore.findAny(conn, p.tenantId(), id))
                .compose(contact -> changes.record(conn, p, Change.created("contact.created", "contact", id,
                        contact.auditView())).map(contact));
    }

    /**
     * Changes the fields {@code input} names of the active contact with its email, inside the caller's transaction, as
     * {@link #update} does; 404 when {@code p} cannot see that contact, 403 when they cannot change it.
     */
    Future<Contact> updateByEmail(SqlConnection conn, Principal p, ContactInput input) {
        return ContactStore.findMatch(conn, p.tenantId(), input.values().email(), null)
                .compose(match -> match == null ? Future.failedFuture(ApiException.notFound("contact")) : writable(conn, p, match.id()))
                .compose(before -> {
                    ContactValues values = ContactNormalizer.normalize(ContactMerge.merge(before.values(), input));
                    return customFields.values(conn, p.tenantId(), RECORD_TYPE, before.values().customFields(), given(input))
                            .compose(custom -> ContactStore.update(conn, p.tenantId(), before.id(), values.withCustomFields(custom),
                                    before.version()))
                            .compose(updated -> recordChange(conn, p, "contact.updated", before));
                });
    }

    /** Changes the fields {@code input} names; 409/412 when {@code expected} is stale, 409 for a taken email. */
    public Future<Contact> update(Principal p, UUID id, ContactInput input, ExpectedVersion expected) {
        return db.inTenant(p.tenantId(), conn -> writable(conn, p, id).compose(before -> {
                    ContactValues values = ContactNormalizer.normalize(ContactMerge.merge(before.values(), input));
                    return customFields.values(conn, p.tenantId(), RECORD_TYPE, before.values().customFields(), given(input))
                            .compose(custom -> ContactStore.update(conn, p.tenantId(), id, values.withCustomFields(custom),
                                    ExpectedVersion.orRead(expected, before.version())))
                            .compose(updated -> updated ? recordChange(conn, p, "contact.updated", before)
                                    : Future.failedFuture(ExpectedVersion.staleOr(expected, "the contact")));
                }))
                .recover(ContactService::translate);
    }

    /** Archives an active contact (its email becomes free); 409 when it is archived already. */
    public Future<Contact> archive(Principal p, UUID id, ExpectedVersion expected) {
        return setArchived(p, id, true, expected);
    }

    /** Restores an archived contact; 409 when it is active, or when an active contact now has its email. */
    public Future<Contact> restore(Principal p, UUID id, ExpectedVersion expected) {
        return setArchived(p, id, false, expected);
    }

    private Future<Contact> setArchived(Principal p, UUID id, boolean archive, ExpectedVersion expected) {
        String action = archive ? "contact.archived" : "contact.restored";
        return db.inTenant(p.tenantId(), conn -> writable(conn, p, id).compose(before -> {
                    if (before.archived() == archive) {
                        return Future.failedFuture(ApiException.conflict(archive ? "contact-archived" : "contact-active",
                                archive ? "the contact is archived already" : "the contact is not archived"));
                    }
                    if (!archive && before.mergedIntoId() != null) {
                        return Future.failedFuture(ApiException.conflict("contact-merged",
                                "the contact was merged into " + before.mergedIntoId() + " and cannot be restored"));
                    }
                    if (expected != null && !expected.matches(before.version())) {
                        return Future.failedFuture(ExpectedVersion.staleOr(expected, "the contact"));
                    }
                    return ContactStore.setArchived(conn, p.tenantId(), id, archive, before.version())
                            .compose(done -> done ? recordChange(conn, p, action, before)
                                    : Future.failedFuture(ApiException.conflict("stale-version", "the contact changed; retry")));
                }))
                .recover(ContactService::translate);
    }

    /** Succeeds when {@code p} may change the contact; 404 when they cannot see it, 403 without {@code contacts.write}. */
    public Future<Void> requireWritable(SqlConnection conn, Principal p, UUID id) {
        return writable(conn, p, id).mapEmpty();
    }

    // --- system writes (webhook ingestion): inside the caller's transaction, recorded as the system ---

    /**
     * The active contact with {@code wanted}'s email, else its phone, or a new one made of {@code wanted} (unowned
     * unless it names an owner), recorded as {@code contact.created} by the system. A phone number that does not
     * normalise is dropped rather than failing. Fails with a duplicate {@code StoreException} when a concurrent
     * transaction created the same email first (a retry then finds it).
     */
    public Future<Contact> findOrCreateForSystem(SqlConnection conn, UUID tenantId, ContactValues wanted) {
        String email = wanted.email() == null ? null : wanted.email().trim().toLowerCase(java.util.Locale.ROOT);
        String phone = wanted.phone() == null ? null : ContactNormalizer.e164(wanted.phone(), ContactNormalizer.DEFAULT_REGION);
        if (email == null && phone == null && wanted.fullName() == null && wanted.firstName() == null && wanted.lastName() == null) {
            return Future.failedFuture(new IllegalArgumentException("a contact needs an email, a phone or a name"));
        }
        return ContactStore.findMatch(conn, tenantId, email, phone).compose(found -> {
            if (found != null) {
                return Future.succeededFuture(found);
            }
            String fallbackName = wanted.fullName() != null || wanted.firstName() != null || wanted.lastName() != null ? wanted.fullName()
                    : email != null ? email : phone;
            ContactValues values = ContactNormalizer.normalize(new ContactValues(wanted.firstName(), wanted.lastName(), fallbackName,
                    email, phone, wanted.company(), null, wanted.tags(), wanted.ownerUserId(), wanted.teamId(), wanted.customFields()));
            UUID id = Ids.next();
            return customFields.systemValues(conn, tenantId, RECORD_TYPE, values.customFields())
                    .compose(custom -> ContactStore.insert(conn, tenantId, id, values.withCustomFields(custom)))
                    .compose(v -> ContactStore.findAny(conn, tenantId, id))
                    .compose(contact -> changes.record(conn, tenantId, Actor.SYSTEM, RequestMeta.SYSTEM,
                            Change.created("contact.created", "contact", id, contact.auditView())).map(contact));
        });
    }

    /** For the system, inside the caller's transaction: the contact's email address, or null when it has none or is gone. */
    public Future<String> emailForSystem(SqlConnection conn, UUID tenantId, UUID contactId) {
        return contactId == null ? Future.succeededFuture()
                : ContactStore.findAny(conn, tenantId, contactId).map(c -> c == null ? null : c.values().email());
    }

    private static io.vertx.core.json.JsonObject given(ContactInput input) {
        return input.has("customFields") ? input.values().customFields() : null;
    }

    private Future<Contact> recordChange(SqlConnection conn, Principal p, String action, Contact before) {
        return ContactStore.findAny(conn, p.tenantId(), before.id()).compose(after -> changes.record(conn, p,
                Change.updated(action, "contact", before.id(), before.auditView(), after.auditView())).map(after));
    }

    private Future<Contact> visible(SqlConnection conn, Principal p, UUID id) {
        return ContactStore.find(conn, p.tenantId(), id, ContactScope.of(p)).compose(contact -> contact == null
                ? Future.failedFuture(ApiException.notFound("contact")) : Future.succeededFuture(contact));
    }

    /** A contact {@code p} sees (else 404) and may change (else 403). */
    private Future<Contact> writable(SqlConnection conn, Principal p, UUID id) {
        return visible(conn, p, id).map(contact -> {
            p.require(Permission.CONTACTS_WRITE);
            return contact;
        });
    }

    static <T> Future<T> translate(Throwable err) {
        if (err instanceof StoreException s) {
            if (s.isDuplicate("contacts_email_active_key")) {
                return Future.failedFuture(ApiException.conflict("contact-email-taken",
                        "an active contact with this email already exists"));
            }
            if (s.kind() == StoreException.Kind.MISSING_REFERENCE && "contacts_owner_fk".equals(s.constraint())) {
                return Future.failedFuture(ApiException.unknownReference("ownerUserId", "no such user in this organization"));
            }
            if (s.kind() == StoreException.Kind.MISSING_REFERENCE && "contacts_team_fk".equals(s.constraint())) {
                return Future.failedFuture(ApiException.unknownReference("teamId", "no such team in this organization"));
            }
        }
        return Future.failedFuture(err);
    }
}
