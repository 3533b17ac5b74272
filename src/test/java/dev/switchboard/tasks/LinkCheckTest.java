package dev.switchboard.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.platform.error.ApiException;
import dev.switchboard.platform.http.RequestMeta;
import dev.switchboard.tenancy.Principal;
import dev.switchboard.tenancy.RecordAccess;
import dev.switchboard.tenancy.Records;
import dev.switchboard.tenancy.Role;
import io.vertx.core.Future;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Links to cases and contacts are checked through the record registry once those types are registered. */
class LinkCheckTest {

    private static final UUID READABLE = UUID.randomUUID();
    private static final Principal AGENT = new Principal(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), Role.AGENT,
            Role.AGENT.defaults(), Set.of(), null, new RequestMeta("test", "127.0.0.1", null));

    private final Records records = new Records().register(new RecordAccess() {
        @Override
        public Set<String> types() {
            return Set.of("case");
        }

        @Override
        public Future<Boolean> canRead(Principal p, String type, UUID id) {
            return Future.succeededFuture(READABLE.equals(id));
        }
    });

    @Test
    void rejectsALinkToARegisteredRecordTheCallerCannotRead() {
        Future<Void> result = LinkCheck.readable(records, AGENT, "case", UUID.randomUUID(), "caseId");
        assertTrue(result.failed());
        ApiException problem = (ApiException) result.cause();
        assertEquals(400, problem.status());
        assertEquals("caseId", problem.errors().get(0).field());
    }

    @Test
    void acceptsAReadableLinkNoLinkAndAnUnregisteredType() {
        assertTrue(LinkCheck.readable(records, AGENT, "case", READABLE, "caseId").succeeded());
        assertTrue(LinkCheck.readable(records, AGENT, "case", null, "caseId").succeeded());
        assertTrue(LinkCheck.readable(records, AGENT, "contact", UUID.randomUUID(), "contactId").succeeded(),
                "contacts are not registered in this build: the id is kept unchecked");
    }
}
