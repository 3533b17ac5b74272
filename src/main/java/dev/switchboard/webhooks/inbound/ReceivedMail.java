package dev.switchboard.webhooks.inbound;

import dev.switchboard.contacts.ContactValues;
import dev.switchboard.conversations.InboundEmail;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a Received Emails API answer: the sender as contact values, and the email with its threading ids. */
final class ReceivedMail {

    private static final Pattern ADDRESS = Pattern.compile("^\\s*(?:\"?([^\"<]*?)\"?\\s*)?<([^<>\\s]+@[^<>\\s]+)>\\s*$");
    private static final Pattern MESSAGE_ID = Pattern.compile("<[^<>\\s]{1,990}>");

    private ReceivedMail() {
    }

    /** The sender: its address (lower case) and display name; null address when {@code from} has none. */
    static ContactValues sender(JsonObject email) {
        String from = email.getValue("from") instanceof String s ? s.trim() : "";
        String name = null;
        String address = null;
        Matcher m = ADDRESS.matcher(from);
        if (m.matches()) {
            name = m.group(1) == null || m.group(1).isBlank() ? null : m.group(1).trim();
            address = m.group(2);
        } else if (from.matches("[^@\\s<>]+@[^@\\s<>]+")) {
            address = from;
        }
        address = address == null ? null : address.toLowerCase(Locale.ROOT);
        if (name != null && name.length() > 200) {
            name = name.substring(0, 200);
        }
        return new ContactValues(null, null, name, address, null, null, null, List.of("email"), null, null, new JsonObject());
    }

    static InboundEmail email(JsonObject email, UUID contactId) {
        JsonObject headers = email.getValue("headers") instanceof JsonObject h ? h : new JsonObject();
        String messageId = first(string(email, "message_id") != null ? string(email, "message_id") : header(headers, "message-id"));
        String inReplyTo = first(header(headers, "in-reply-to"));
        List<String> references = all(header(headers, "references"));
        String text = string(email, "text");
        String body = text != null ? text : string(email, "html") == null ? null : string(email, "html").replaceAll("<[^>]*>", " ").trim();
        return new InboundEmail(contactId, messageId, inReplyTo, references, string(email, "subject"), body);
    }

    private static String string(JsonObject o, String key) {
        return o.getValue(key) instanceof String s && !s.isBlank() ? s : null;
    }

    /** A header by case-insensitive name; a list-valued header joined with spaces. */
    private static String header(JsonObject headers, String name) {
        for (String key : headers.fieldNames()) {
            if (key.equalsIgnoreCase(name)) {
                Object value = headers.getValue(key);
                return value instanceof JsonArray a ? String.join(" ", a.stream().map(String::valueOf).toList())
                        : value == null ? null : value.toString();
            }
        }
        return null;
    }

    private static String first(String value) {
        List<String> ids = all(value);
        return ids.isEmpty() ? null : ids.get(0);
    }

    private static List<String> all(String value) {
        List<String> ids = new ArrayList<>();
        if (value != null) {
            Matcher m = MESSAGE_ID.matcher(value);
            while (m.find() && ids.size() < 100) {
                ids.add(m.group());
            }
        }
        return ids;
    }
}
