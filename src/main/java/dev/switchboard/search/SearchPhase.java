package dev.switchboard.search;

/**
 * The phases of a search, in the order of its pages. A later phase runs only while the page still has room, so a
 * word that matches as written in hundreds of records is never also looked up as a prefix, the costly form of a
 * full-text lookup. Within the first two, ranks run in bands of their own (as written from 0.5 up, by prefix below),
 * so one order runs through a search from its first page to its last.
 */
enum SearchPhase {

    /** The query's words as written, and contacts by a substring of name, email or phone. */
    WORDS("words", 'w', 1),
    /** The last word as a prefix, without the records {@link #WORDS} found. */
    PREFIXES("prefixes", 'p', 0),
    /** Contacts by similar spelling, only when nothing matched as written: these hits are all of the search. */
    SIMILAR("similar", 's', 1);

    /** How the statement names the phase. */
    final String sql;
    /** How a cursor names it. */
    final char code;
    /** Added to a match's rank (0 to 1) before halving it. */
    final int band;

    SearchPhase(String sql, char code, int band) {
        this.sql = sql;
        this.code = code;
        this.band = band;
    }

    /** The phase after this one, or null after the last. */
    SearchPhase next() {
        return ordinal() + 1 < values().length ? values()[ordinal() + 1] : null;
    }

    /** The phase a cursor names by {@code code}, or null. */
    static SearchPhase of(char code) {
        for (SearchPhase phase : values()) {
            if (phase.code == code) {
                return phase;
            }
        }
        return null;
    }
}
