package dev.switchboard.webhooks.inbound;

import dev.switchboard.attachments.InboundFiles;
import dev.switchboard.contacts.ContactService;
import dev.switchboard.conversations.InboundEmails;
import dev.switchboard.conversations.MessageDeliveries;
import dev.switchboard.email.EmailService;
import dev.switchboard.integrations.IntegrationService;
import dev.switchboard.jobs.JobFailure;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.util.Map;
import java.util.UUID;

/**
 * Resend events. Delivery reports move the delivery status of the email (a templated email, or a message of an email
 * conversation) Resend knows by {@code data.email_id} (never down: a "delivered" after "bounced" changes nothing). {@code email.received} fetches the email through
 * the Received Emails API before the transaction, then threads it into its conversation or opens one for the
 * sender's contact (created when unknown); its attachments are downloaded before the transaction too and attached to
 * the message inside it, stored like uploads. Other event types have no effect.
 */
final class ResendProcessor implements InboxProcessor {

    static final String PROVIDER = "resend";
    static final String RECEIVED = "email.received";
    /** Where {@link #fetch} leaves the staged attachment files for {@link #process}. */
    private static final String STAGED = "staged_attachments";
    private static final int MAX_ATTACHMENTS = 20;
    static final Map<String, String> DELIVERY = Map.of("email.sent", "sent", "email.delivered", "delivered",
            "email.delivery_delayed", "delivery_delayed", "email.bounced", "bounced", "email.complained", "complained",
            "email.opened", "opened", "email.clicked", "clicked", "email.failed", "failed", "email.suppressed", "suppressed");

    private final ResendReceivedClient api;
    private final String defaultApiKey;
    private final IntegrationService integrations;
    private final ContactService contacts;
    private final InboundEmails inboundEmails;
    private final EmailService emails;
    private final MessageDeliveries messageDeliveries;
    private final InboundFiles files;

    ResendProcessor(ResendReceivedClient api, String defaultApiKey, IntegrationService integrations, ContactService contacts,
                    InboundEmails inboundEmails, EmailService emails, MessageDeliveries messageDeliveries, InboundFiles files) {
        this.files = files;
        this.api = api;
        this.defaultApiKey = defaultApiKey;
        this.integrations = integrations;
        this.contacts = contacts;
        this.inboundEmails = inboundEmails;
        this.emails = emails;
        this.messageDeliveries = messageDeliveries;
    }

    @Override
    public boolean fetches() {
        return true;
    }

    @Override
    public Future<JsonObject> fetch(InboxEvent event) {
        JsonObject envelope = WebhookBodies.jsonObject(event.body());
        if (!RECEIVED.equals(envelope.getValue("type"))) {
            return Future.succeededFuture();
        }
        String emailId = emailId(envelope);
        return integrations.resendApiKey(event.tenantId()).compose(own -> {
            String key = own != null ? own : defaultApiKey;
            return key == null ? Future.failedFuture(JobFailure.permanent("no Resend API key is configured to fetch received email; "
                    + "set resendApiKey in /api/v1/integrations and replay the event"))
                    : api.received(emailId, key).compose(email -> withFiles(event.tenantId(), email, emailId, key));
        });
    }

    /**
     * The email with its attachments kept in the file store ({@code staged_attachments}), when it has any: listed through the API
     * and downloaded from their short-lived URLs, at most {@link #MAX_ATTACHMENTS}. One that fails drops those already
     * staged, and the event is tried again.
     */
    private Future<JsonObject> withFiles(UUID tenantId, JsonObject email, String emailId, String key) {
        if (!(email.getValue("attachments") instanceof JsonArray listed) || listed.isEmpty()) {
            return Future.succeededFuture(email);
        }
        return api.attachments(emailId, key).compose(list -> {
            JsonArray staged = new JsonArray();
            Future<Void> chain = Future.succeededFuture();
            JsonArray data = list.getValue("data") instanceof JsonArray d ? d : new JsonArray();
            for (int i = 0; i < Math.min(data.size(), MAX_ATTACHMENTS); i++) {
                if (data.getValue(i) instanceof JsonObject a && a.getValue("download_url") instanceof String url) {
                    String name = a.getValue("filename") instanceof String f ? f : null;
                    chain = chain.compose(v -> files.stage(tenantId, url, name).map(file -> {
                        staged.add(file);
                        return null;
                    }));
                }
            }
            return chain.map(v -> email.put(STAGED, staged))
                    .recover(err -> files.discard(tenantId, staged).transform(x -> Future.failedFuture(err)));
        });
    }

    @Override
    public Future<Void> process(SqlConnection conn, InboxEvent event, JsonObject fetched) {
        JsonObject envelope = WebhookBodies.jsonObject(event.body());
        String type = envelope.getValue("type") instanceof String t ? t : "";
        if (RECEIVED.equals(type)) {
            return contacts.findOrCreateForSystem(conn, event.tenantId(), ReceivedMail.sender(fetched))
                    .compose(contact -> inboundEmails.receive(conn, event.tenantId(), ReceivedMail.email(fetched, contact.id())))
                    .compose(message -> files.attach(conn, event.tenantId(), "message", message.id(), fetched.getJsonArray(STAGED)));
        }
        String status = DELIVERY.get(type);
        if (status == null) {
            return Future.succeededFuture();
        }
        String emailId = emailId(envelope);
        return emails.recordDeliveryForSystem(conn, event.tenantId(), emailId, status)
                .compose(v -> messageDeliveries.recordForSystem(conn, event.tenantId(), emailId, status));
    }

    private static String emailId(JsonObject envelope) {
        JsonObject data = envelope.getValue("data") instanceof JsonObject d ? d : new JsonObject();
        if (!(data.getValue("email_id") instanceof String id) || id.isBlank() || id.length() > 200) {
            throw JobFailure.permanent("the event has no data.email_id");
        }
        return id;
    }
}
