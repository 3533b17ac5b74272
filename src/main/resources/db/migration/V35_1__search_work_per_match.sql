-- Contacts match by similar spelling only when nothing matches by words or substring. A misspelled
-- name still finds its contact, but a name or an email that is there is no longer diluted by every
-- contact whose text shares a few trigrams with it ("First1234" matched over a thousand contacts of
-- an organization, each ranked and joined back).
CREATE OR REPLACE FUNCTION search_matches(p_table text, p_query tsquery, p_like text, p_trigram text)
    RETURNS TABLE (id uuid, rank real)
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
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
             ) m GROUP BY m.id'
            USING p_query, p_like;
        IF NOT FOUND AND p_trigram IS NOT NULL THEN
            RETURN QUERY EXECUTE
                'SELECT c.id, word_similarity($1, c.search_text) FROM contacts c
                 WHERE c.tenant_id = app_tenant() AND $1 <% c.search_text'
                USING p_trigram;
        END IF;
    -- Static statements, planned once per connection: every branch takes its GIN index whatever the words.
    ELSIF p_table = 'cases' THEN
        RETURN QUERY SELECT t.id, ts_rank(t.search_vector, p_query, 32) FROM cases t
            WHERE t.tenant_id = app_tenant() AND t.search_vector @@ p_query;
    ELSIF p_table = 'tasks' THEN
        RETURN QUERY SELECT t.id, ts_rank(t.search_vector, p_query, 32) FROM tasks t
            WHERE t.tenant_id = app_tenant() AND t.search_vector @@ p_query;
    ELSIF p_table = 'notes' THEN
        RETURN QUERY SELECT t.id, ts_rank(t.search_vector, p_query, 32) FROM notes t
            WHERE t.tenant_id = app_tenant() AND t.search_vector @@ p_query;
    ELSIF p_table = 'appointments' THEN
        RETURN QUERY SELECT t.id, ts_rank(t.search_vector, p_query, 32) FROM appointments t
            WHERE t.tenant_id = app_tenant() AND t.search_vector @@ p_query;
    ELSIF p_table = 'conversations' THEN
        RETURN QUERY SELECT t.id, ts_rank(t.search_vector, p_query, 32) FROM conversations t
            WHERE t.tenant_id = app_tenant() AND t.search_vector @@ p_query;
    ELSIF p_table = 'messages' THEN
        RETURN QUERY SELECT t.id, ts_rank(t.search_vector, p_query, 32) FROM messages t
            WHERE t.tenant_id = app_tenant() AND t.search_vector @@ p_query;
    ELSE
        RAISE EXCEPTION 'not a searchable table: %', p_table;
    END IF;
END
$$;

-- A note's text is worked out only for the notes a page shows, not for every note that matches: a
-- function the planner cannot inline and knows to be costly is evaluated after the sort and limit.
-- (Inlined, "invoice" made every one of an organization's 600 matching notes run it twice.)
CREATE OR REPLACE FUNCTION search_plain(p_html text) RETURNS text
    LANGUAGE plpgsql IMMUTABLE STRICT COST 1000 AS $$
BEGIN
    RETURN replace(replace(replace(replace(replace(regexp_replace(p_html, '<[^>]*>', ' ', 'g'),
        '&lt;', '<'), '&gt;', '>'), '&quot;', '"'), '&#39;', ''''), '&amp;', '&');
END
$$;

-- A query's terms ('w1 & w2 & w3:*'), each matching its form in the organization's language or as a
-- plain word, without asking the index twice for the same rows: where the language's form of a word
-- already covers its plain form (the same lexeme, or, for the prefix term, a prefix of it), only that
-- form is looked up. Words the language ignores (stop words) are ignored, unless the query has nothing
-- else, when the plain words are searched.
CREATE OR REPLACE FUNCTION search_query(p_tenant uuid, p_terms text) RETURNS tsquery
    LANGUAGE plpgsql STABLE AS $$
DECLARE
    config regconfig := search_config(p_tenant);
    word text;
    stem tsquery;
    plain tsquery;
    stem_lexeme text;
    plain_lexeme text;
    part tsquery;
    result tsquery;
BEGIN
    IF p_terms IS NULL THEN
        RETURN NULL;
    END IF;
    FOREACH word IN ARRAY string_to_array(p_terms, ' & ') LOOP
        stem := to_tsquery(config, word);
        plain := to_tsquery('simple', word);
        CONTINUE WHEN numnode(stem) = 0;
        part := stem || plain;
        IF numnode(stem) = 1 AND numnode(plain) = 1 THEN
            stem_lexeme := split_part(querytree(stem), '''', 2);
            plain_lexeme := split_part(querytree(plain), '''', 2);
            IF stem_lexeme = plain_lexeme OR (word LIKE '%:*' AND starts_with(plain_lexeme, stem_lexeme)) THEN
                part := stem;
            END IF;
        END IF;
        result := CASE WHEN result IS NULL THEN part ELSE result && part END;
    END LOOP;
    RETURN coalesce(result, to_tsquery('simple', p_terms));
END
$$;
