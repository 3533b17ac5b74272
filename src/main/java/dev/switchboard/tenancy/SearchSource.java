package dev.switchboard.tenancy;

import io.vertx.sqlclient.Tuple;

/**
 * How one feature takes part in cross-record search: a SELECT over its records that match the query and that the
 * caller may read, by the same rule as the feature's own reads. The search statement binds the parameters shared by
 * every source first ({@link #TENANT} and those of the matching); a source's own parameters follow from the
 * position it is given.
 */
public interface SearchSource {

    /** Parameter: the caller's organization. */
    String TENANT = "$1";

    /** The record type of the hits, such as {@code "case"}. */
    String type();

    /** The table whose records match, such as {@code "cases"}. */
    String table();

    /**
     * A SELECT yielding, in this order, {@code type text, id uuid, rank real, title text, body text,
     * parent_type text, parent_id uuid}: the records among {@code matches} that the caller reads, their rank
     * (the match's), a title, the plain text to highlight, and the record a hit belongs to, if any (the search
     * checks that the caller may read it too). {@code matches} is a subquery of the table's matches as rows
     * {@code (id uuid, rank real)}, best first, for the select to alias, join to the table and filter by the
     * record's read rule, so that a page reads only the rows it keeps. Its own parameters start at {@code first}.
     */
    String select(String matches, int first);

    /** Appends the parameters of {@link #select} for {@code p}. */
    Tuple bind(Tuple tuple, Principal p);

    /**
     * Whether {@link #select} already applies the read rule of a hit's parent; when not, the search asks the
     * parent's {@link RecordAccess} and drops hits whose parent the caller cannot read.
     */
    default boolean checksParent() {
        return true;
    }
}
