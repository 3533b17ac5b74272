package dev.switchboard.ai;

import dev.switchboard.cases.Case;
import dev.switchboard.conversations.Conversation;
import dev.switchboard.conversations.Message;
import dev.switchboard.notes.Note;
import java.util.ArrayList;
import java.util.List;

/**
 * The content of a record as a prompt sees it: what the feature needs and nothing more. People appear by their part
 * (customer, agent), never by name, email or phone; every piece of text anyone wrote is fenced.
 */
final class Transcript {

    private Transcript() {
    }

    /** A conversation: channel, status, subject and its messages, oldest first ({@code newestFirst} as read). */
    static String conversation(Conversation c, List<Message> newestFirst) {
        StringBuilder out = new StringBuilder("Conversation over ").append(c.channel()).append(", status ").append(c.status())
                .append(", priority ").append(c.priority()).append(".\nSubject: ").append(Fence.wrap("subject", c.subject()))
                .append("\nMessages, oldest first:\n");
        List<Message> messages = new ArrayList<>(newestFirst);
        java.util.Collections.reverse(messages);
        for (Message m : messages) {
            out.append(m.createdAt().toLocalDate()).append(' ').append(part(m.direction())).append(":\n")
                    .append(Fence.wrap("message", m.body())).append('\n');
        }
        return out.toString();
    }

    /** A case: its pipeline stage, priority and source, its title, and the notes the caller may read. */
    static String caseRecord(Case c, List<Note> notes) {
        StringBuilder out = new StringBuilder("Case #").append(c.number()).append(" at stage ").append(c.stage()).append(", priority ")
                .append(c.priority()).append(", source ").append(c.source()).append(", opened ").append(c.createdAt().toLocalDate())
                .append(".\nTitle: ").append(Fence.wrap("title", c.title())).append("\nNotes, newest first:\n");
        notes.forEach(n -> out.append(n.createdAt().toLocalDate()).append(":\n").append(Fence.wrap("note", Fence.text(n.body())))
                .append('\n'));
        return out.toString();
    }

    private static String part(String direction) {
        return switch (direction) {
            case "inbound" -> "customer";
            case "outbound" -> "agent";
            default -> "internal note by an agent";
        };
    }
}
