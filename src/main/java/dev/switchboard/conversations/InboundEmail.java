package dev.switchboard.conversations;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A received email as a conversation message: its threading ids (Message-ID, In-Reply-To, References, each
 * {@code <...>}), subject and text body, from the sender's contact.
 */
public record InboundEmail(UUID contactId, String messageId, String inReplyTo, List<String> references, String subject, String body) {

    static final int MAX_BODY = 20_000;

    public InboundEmail {
        references = List.copyOf(references);
        body = body == null || body.isBlank() ? "(no text)" : body.length() > MAX_BODY ? body.substring(0, MAX_BODY) : body;
    }

    /** The ids this email answers, newest first: In-Reply-To, then References from the last; each also unbracketed. */
    String[] threadIds() {
        List<String> ids = new ArrayList<>();
        if (inReplyTo != null) {
            ids.add(inReplyTo);
        }
        for (int i = references.size() - 1; i >= 0; i--) {
            ids.add(references.get(i));
        }
        List<String> both = new ArrayList<>();
        for (String id : ids) {
            both.add(id);
            if (id.startsWith("<") && id.endsWith(">")) {
                both.add(id.substring(1, id.length() - 1));
            }
        }
        return both.toArray(new String[0]);
    }
}
