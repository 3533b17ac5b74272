package dev.switchboard.tenancy;

import io.vertx.sqlclient.Tuple;

/**
 * How one feature takes part in cross-record search: a SELECT over its records that match the query and that the
 * caller may read, by the same rule as the feature's own reads. The search statement binds the parameters shared by
 * every source first ({@link #TENANT}, {@link #MATCH}, {@link #LIKE}, {@link #TRIGRAM}); a source's own parameters
 * follow from the position it is given.
 */
public interface SearchSource {

    /** Parameter: the caller's organization. */
    String TENANT = "$1";
    /** The full-text query in the organization's language, as an index condition; null matches nothing. */
    String MATCH = "search_query($1, $2)";
    /** Parameter: a lower-case {@code LIKE} pattern for names, emails and phones, or null. */
    String LIKE = "$3";
    /** Parameter: the lower-case query for trigram word similarity, or null. */
    String TRIGRAM = "$4";

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
     * The rank of a full-text match on {@code vectorColumn}, from 0 to 1. The query is a subquery here, computed once
     * per statement rather than once per row (in a condition it would hide its selectivity from the planner).
     */
    static String rank(String vectorColumn) {
        return "ts_rank(" + vectorColumn + ", (SELECT " + MATCH + "), 32)";
    }
}
