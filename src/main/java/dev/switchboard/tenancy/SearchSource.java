package dev.switchboard.tenancy;

import io.vertx.sqlclient.Tuple;

/**
 * How one feature takes part in cross-record search: a SELECT over its records that match the query and that the
 * caller may read, by the same rule as the feature's own reads. The search statement binds the parameters shared by
 * every source first ({@link #TENANT} and those of {@link #matches}); a source's own parameters follow from the
 * position it is given.
 */
public interface SearchSource {

    /** Parameter: the caller's organization. */
    String TENANT = "$1";

    /** The record type of the hits, such as {@code "case"}. */
    String type();

    /**
     * A SELECT yielding, in this order, {@code type text, id uuid, rank real, title text, body text,
     * parent_type text, parent_id uuid}: the records that match and that the caller reads, their rank
     * between 0 and 1, a title, the plain text to highlight, and the record a hit belongs to, if any
     * (the search checks that the caller may read it too). Its own parameters start at {@code first}.
     */
    String select(int first);

    /** Appends the parameters of {@link #select} for {@code p}. */
    Tuple bind(Tuple tuple, Principal p);

    /**
     * Whether {@link #select} already applies the read rule of a hit's parent; when not, the search asks the
     * parent's {@link RecordAccess} and drops hits whose parent the caller cannot read.
     */
    default boolean checksParent() {
        return true;
    }

    /**
     * The matches of {@code table} in the caller's organization, best first, as rows {@code (id, rank)} from the
     * shared parameters: the search's phase and its queries (words as written, the last word as a prefix, a
     * substring pattern and the text for similar spellings, the last two only for contacts), and the rank band of
     * the phase. Join them to the table and apply the record's read rule there; a page then reads only the rows it
     * keeps.
     */
    static String matches(String table) {
        return "(SELECT x.id, ((x.rank + $7::real) / 2)::real AS rank FROM search_matches('" + table
                + "', $2, (SELECT words FROM q), (SELECT prefixes FROM q), $5, $6) x ORDER BY 2 DESC, 1 DESC)";
    }
}
