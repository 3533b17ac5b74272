package dev.switchboard.search;

/** The two ways a search matches, each with a statement of its own; a cursor names the one its page came from. */
enum SearchPhase {

    /**
     * The query's words as written (and contacts by a substring of name, email or phone), ranked from 0.5 up, then the
     * last word as a prefix, ranked below 0.5.
     */
    WRITTEN('w'),
    /** Contacts by similar spelling, asked only when nothing matches as written: these hits are all of the search. */
    SIMILAR('s');

    /** How a cursor names the phase. */
    final char code;

    SearchPhase(char code) {
        this.code = code;
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
