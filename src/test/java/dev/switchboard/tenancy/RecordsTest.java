package dev.switchboard.tenancy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.platform.error.ApiException;
import dev.switchboard.platform.http.RequestMeta;
import io.vertx.core.Future;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RecordsTest {

    private static final UUID READABLE = UUID.randomUUID();
    private static final Principal AGENT = new Principal(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), Role.AGENT,
            Role.AGENT.defaults(), Set.of(), null, RequestMeta.SYSTEM);

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
    void acceptsAReadableLinkAndNoLink() {
        assertTrue(records.requireReadable(AGENT, "case", READABLE, "caseId").succeeded());
        assertTrue(records.requireReadable(AGENT, "case", null, "caseId").succeeded());
    }

    @Test
    void refusesALinkTheCallerCannotReadAsAFieldError() {
        assertFieldError(records.requireReadable(AGENT, "case", UUID.randomUUID(), "caseId"), "caseId");
    }

    @Test
    void refusesALinkToAnUnknownRecordType() {
        assertFieldError(records.requireReadable(AGENT, "spaceship", READABLE, "links"), "links");
    }

    @Test
    void refusesRegisteringATypeTwice() {
        RecordAccess again = new RecordAccess() {
            @Override
            public Set<String> types() {
                return Set.of("case");
            }

            @Override
            public Future<Boolean> canRead(Principal p, String type, UUID id) {
                return Future.succeededFuture(true);
            }
        };
        try {
            records.register(again);
        } catch (IllegalStateException expected) {
            return;
        }
        throw new AssertionError("a second registration of \"case\" must fail");
    }

    private static void assertFieldError(Future<Void> result, String field) {
        assertTrue(result.failed());
        ApiException problem = (ApiException) result.cause();
        assertEquals(422, problem.status());
        assertEquals(field, problem.errors().get(0).field());
    }
}
