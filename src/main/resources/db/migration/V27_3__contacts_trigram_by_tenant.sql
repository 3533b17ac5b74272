-- Search matches contact names, emails and phones by trigram similarity within one organization; the
-- trigram index of the contacts table spans every organization, so a common fragment ("first", "acme")
-- would make each search recheck other organizations' contacts too. The contacts' matches are now the
-- union of three conditions, each of which the planner serves with the index scoped by organization.
CREATE INDEX contacts_search_text_tenant_idx ON contacts USING gin (tenant_id, search_text gin_trgm_ops);

CREATE OR REPLACE FUNCTION search_matches(p_table text, p_query tsquery, p_like text, p_trigram text)
    RETURNS TABLE (id uuid, rank real)
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
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
