package dev.switchboard.labels;

import java.util.Arrays;

/** The record types labels apply to, each with its link table and the path segment of its routes. */
public enum LabeledType {

    CONTACT("contact", "contacts", "contact_labels"),
    CASE("case", "cases", "case_labels"),
    CONVERSATION("conversation", "conversations", "conversation_labels");

    private final String type;
    private final String segment;
    private final String table;

    LabeledType(String type, String segment, String table) {
        this.type = type;
        this.segment = segment;
        this.table = table;
    }

    /** The record type as events, the audit log and {@code Records} name it. */
    public String type() {
        return type;
    }

    String segment() {
        return segment;
    }

    String table() {
        return table;
    }

}
