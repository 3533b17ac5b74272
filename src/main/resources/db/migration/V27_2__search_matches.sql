-- The matching rows of one searchable table in the transaction's organization, with their rank.
--
-- Row-level security lets an index condition through only when its operator is leakproof, and the
-- full-text (@@), LIKE and trigram operators are not: under ${appRole} the planner reads every row of
-- the organization and filters. This function runs as the tables' owner, so its conditions use the
-- GIN indexes, and it is bound to app_tenant(), so it sees no other organization's rows. Callers join
-- the ids back to the table (under RLS) and apply the record's read rule there. Each call is planned
-- with its actual values (EXECUTE), so a rare word and a common one each get their own plan.
CREATE FUNCTION search_matches(p_table text, p_query tsquery, p_like text, p_trigram text)
    RETURNS TABLE (id uuid, rank real)
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
BEGIN
    IF p_table = 'contacts' THEN
        RETURN QUERY EXECUTE
            'SELECT c.id, greatest(ts_rank(c.search_vector, $1, 32), CASE WHEN c.search_text LIKE $2 THEN 0.9 ELSE 0 END,
                                   word_similarity($3, c.search_text))::real
             FROM contacts c WHERE c.tenant_id = app_tenant()
               AND (c.search_vector @@ $1 OR c.search_text LIKE $2 OR $3 <% c.search_text)'
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
