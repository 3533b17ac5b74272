-- The matching rows of one searchable table in the transaction's organization, with their rank.
--
-- Row-level security lets an index condition through only when its operator is leakproof, and the
-- full-text (@@), LIKE and trigram operators are not: under ${appRole} the planner reads every row of
-- the organization and filters. This function runs as the tables' owner, so its conditions use the
-- GIN indexes, and it is bound to app_tenant(), so it sees no other organization's rows. Callers join
-- the ids back to the table (under RLS) and apply the record's read rule there. Each call is planned
-- with its actual values (EXECUTE), so a rare word and a common one each get their own plan.
--
-- Contacts also match by substring and trigram similarity of name, email and phone: three conditions,
-- each served by a trigram index, which the planner may take scoped to the organization (the older
-- contacts trigram index spans every organization, so a common fragment such as "first" or "acme"
-- would recheck other organizations' contacts too).
CREATE INDEX contacts_search_text_tenant_idx ON contacts USING gin (tenant_id, search_text gin_trgm_ops);

CREATE FUNCTION search_matches(p_table text, p_query tsquery, p_like text, p_trigram text)
    RETURNS TABLE (id uuid, rank real)
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    -- most searches match a few dozen rows: joined back by primary key, not by hashing the organization's table
    ROWS 20
AS $$
BEGIN
    IF p_table = 'contacts' THEN
        RETURN QUERY EXECUTE
            'SELECT m.id, max(m.rank)::real FROM (
                 SELECT c.id, ts_rank(c.search_vector, $1, 32) AS rank FROM contacts c
                 WHERE c.tenant_id = app_tenant() AND c.search_vector @@ $1
                 UNION ALL
                 SELECT c.id, 0.9 FROM contacts c WHERE c.tenant_id = app_tenant() AND c.search_text LIKE $2
                 UNION ALL
                 SELECT c.id, word_similarity($3, c.search_text) FROM contacts c WHERE c.tenant_id = app_tenant() AND $3 <% c.search_text
             ) m GROUP BY m.id'
            USING p_query, p_like, p_trigram;
    ELSIF p_table IN ('cases', 'tasks', 'notes', 'appointments', 'conversations', 'messages') THEN
        RETURN QUERY EXECUTE format(
            'SELECT t.id, ts_rank(t.search_vector, $1, 32) FROM %I t WHERE t.tenant_id = app_tenant() AND t.search_vector @@ $1',
            p_table) USING p_query;
    ELSE
        RAISE EXCEPTION 'not a searchable table: %', p_table;
    END IF;
END
$$;
REVOKE ALL ON FUNCTION search_matches(text, tsquery, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION search_matches(text, tsquery, text, text) TO ${appRole};
