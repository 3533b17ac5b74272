-- Search matches in phases, and a phase runs only while the page still has room:
--   'words'    the query's words as written (in the organization's language and as plain words), and for
--              contacts a substring of name, email or phone;
--   'prefixes' the last word as a prefix, without the rows 'words' already found;
--   'similar'  contacts by similar spelling (trigrams), asked only when nothing matched as written.
-- An exact word is one lookup in a GIN index. A prefix collects every posting of every lexeme in its
-- range, in every organization, before the index can narrow them to this one: about ten times the
-- work, which a broad word ("invoice", hundreds of matches in each record type) no longer pays when its
-- exact matches fill the page. The caller ranks the phases apart.
DROP FUNCTION search_matches(text, tsquery, text, text);

CREATE FUNCTION search_matches(p_table text, p_phase text, p_words tsquery, p_prefixes tsquery, p_like text, p_similar text)
    RETURNS TABLE (id uuid, rank real)
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    ROWS 20
AS $$
DECLARE
    -- the full-text query of this phase, and in 'prefixes' the rows it leaves to 'words'
    query tsquery := CASE p_phase WHEN 'words' THEN p_words WHEN 'prefixes' THEN p_prefixes END;
    found_before tsquery := CASE WHEN p_phase = 'prefixes' THEN p_words END;
BEGIN
    IF p_phase NOT IN ('words', 'prefixes', 'similar') THEN
        RAISE EXCEPTION 'not a search phase: %', p_phase;
    END IF;
    -- Static statements, planned once per connection: every branch takes its GIN index whatever the words.
    IF p_table = 'contacts' THEN
        IF p_phase = 'similar' THEN
            RETURN QUERY SELECT c.id, word_similarity(p_similar, c.search_text) FROM contacts c
                WHERE c.tenant_id = app_tenant() AND p_similar <% c.search_text;
        ELSIF p_phase = 'words' THEN
            RETURN QUERY SELECT m.id, max(m.rank)::real FROM (
                     SELECT c.id, ts_rank(c.search_vector, query, 32) AS rank FROM contacts c
                     WHERE c.tenant_id = app_tenant() AND c.search_vector @@ query
                     UNION ALL
                     SELECT c.id, 0.9 FROM contacts c WHERE c.tenant_id = app_tenant() AND c.search_text LIKE p_like
                 ) m GROUP BY m.id;
        ELSIF query IS NOT NULL THEN
            RETURN QUERY SELECT c.id, ts_rank(c.search_vector, query, 32) FROM contacts c
                WHERE c.tenant_id = app_tenant() AND c.search_vector @@ query
                  AND NOT coalesce(c.search_vector @@ found_before, false) AND NOT coalesce(c.search_text LIKE p_like, false);
        END IF;
        RETURN;
    END IF;
    IF query IS NULL THEN
        RETURN;
    END IF;
    IF p_table = 'cases' THEN
        RETURN QUERY SELECT t.id, ts_rank(t.search_vector, query, 32) FROM cases t
            WHERE t.tenant_id = app_tenant() AND t.search_vector @@ query AND NOT coalesce(t.search_vector @@ found_before, false);
    ELSIF p_table = 'tasks' THEN
        RETURN QUERY SELECT t.id, ts_rank(t.search_vector, query, 32) FROM tasks t
            WHERE t.tenant_id = app_tenant() AND t.search_vector @@ query AND NOT coalesce(t.search_vector @@ found_before, false);
    ELSIF p_table = 'notes' THEN
        RETURN QUERY SELECT t.id, ts_rank(t.search_vector, query, 32) FROM notes t
            WHERE t.tenant_id = app_tenant() AND t.search_vector @@ query AND NOT coalesce(t.search_vector @@ found_before, false);
    ELSIF p_table = 'appointments' THEN
        RETURN QUERY SELECT t.id, ts_rank(t.search_vector, query, 32) FROM appointments t
            WHERE t.tenant_id = app_tenant() AND t.search_vector @@ query AND NOT coalesce(t.search_vector @@ found_before, false);
    ELSIF p_table = 'conversations' THEN
        RETURN QUERY SELECT t.id, ts_rank(t.search_vector, query, 32) FROM conversations t
            WHERE t.tenant_id = app_tenant() AND t.search_vector @@ query AND NOT coalesce(t.search_vector @@ found_before, false);
    ELSIF p_table = 'messages' THEN
        RETURN QUERY SELECT t.id, ts_rank(t.search_vector, query, 32) FROM messages t
            WHERE t.tenant_id = app_tenant() AND t.search_vector @@ query AND NOT coalesce(t.search_vector @@ found_before, false);
    ELSE
        RAISE EXCEPTION 'not a searchable table: %', p_table;
    END IF;
END
$$;

REVOKE ALL ON FUNCTION search_matches(text, text, tsquery, tsquery, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION search_matches(text, text, tsquery, tsquery, text, text) TO ${appRole};
