package dev.switchboard.conversations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.switchboard.audit.Changes;
import dev.switchboard.fields.CustomFieldService;
import dev.switchboard.jobs.Backoff;
import dev.switchboard.jobs.JobHandlers;
import dev.switchboard.jobs.JobQueue;
import java.time.Clock;
import java.time.Duration;
import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.error.ApiException;
import dev.switchboard.platform.http.ExpectedVersion;
import dev.switchboard.platform.http.RequestMeta;
import dev.switchboard.platform.outbox.Outbox;
import dev.switchboard.tenancy.Principal;
import dev.switchboard.tenancy.RecordAccess;
import dev.switchboard.tenancy.Records;
import dev.switchboard.tenancy.Role;
import dev.switchboard.testing.Account;
import dev.switchboard.testing.TestServer;
import io.vertx.core.Future;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A conversation links only a contact its author can read, asked through the record registry when a
 * contacts feature registered the type. The registry here holds a stand-in contacts feature, so the
 * rule is checked whether or not this build serves contacts.
 */
class ContactLinkTest {

    private static final UUID READABLE = UUID.randomUUID();

    private static TestServer server;
    private static ConversationService withContacts;
    private static ConversationService withoutContacts;
    private static Principal admin;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        Db db = new Db(server.app.pool());
        Changes changes = new Changes(new Outbox(server.app.vertx()));
        JobQueue jobs = new JobQueue(server.app.vertx(), new JobHandlers(new Backoff(3, Duration.ofSeconds(1), Duration.ofSeconds(1))),
                Clock.systemUTC());
        withContacts = new ConversationService(db, changes, new Records().register(new RecordAccess() {
            @Override
            public Set<String> types() {
                return Set.of("contact");
            }

            @Override
            public Future<Boolean> canRead(Principal p, String type, UUID id) {
                return Future.succeededFuture(READABLE.equals(id));
            }
        }), jobs, new CustomFieldService(db, changes));
        withoutContacts = new ConversationService(db, changes, new Records(), jobs, new CustomFieldService(db, changes));
        Account account = server.register("Contact Links");
        admin = new Principal(UUID.fromString(account.tenantId()), UUID.fromString(account.userId()), UUID.randomUUID(), Role.ADMIN,
                Role.ADMIN.defaults(), Set.of(), null, new RequestMeta("contact-link-test", null, null));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void linksAContactTheCallerCanRead() throws Exception {
        Conversation created = await(withContacts.create(admin, fields(READABLE)));
        assertEquals(READABLE, created.contactId());
    }

    @Test
    void refusesAContactTheCallerCannotReadOnCreateAndUpdate() throws Exception {
        ApiException refused = failure(withContacts.create(admin, fields(UUID.randomUUID())));
        assertEquals(422, refused.status());
        assertEquals("contactId", refused.errors().get(0).field());

        Conversation open = await(withContacts.create(admin, fields(null)));
        ApiException relink = failure(withContacts.update(admin, open.id(), fields(UUID.randomUUID()), Set.of("contactId"),
                new ExpectedVersion(1, false)));
        assertEquals(422, relink.status());
        assertEquals(1, await(withContacts.get(admin, open.id())).version(), "the refused update changed nothing");
    }

    @Test
    void refusesAContactIdWhenNoContactsAreServed() throws Exception {
        ApiException problem = failure(withoutContacts.create(admin, fields(UUID.randomUUID())));
        assertEquals(422, problem.status());
        assertEquals("contactId", problem.errors().get(0).field());
    }

    private static ConversationFields fields(UUID contactId) {
        return new ConversationFields("email", contactId, null, "open", null, "normal", null, null, List.of(), null);
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static ApiException failure(Future<?> future) throws Exception {
        try {
            await(future);
        } catch (ExecutionException e) {
            return assertInstanceOf(ApiException.class, e.getCause());
        }
        throw new AssertionError("expected a failure");
    }
}
