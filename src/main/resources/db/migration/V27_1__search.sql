-- Cross-record search: one full-text document per searchable record, kept current by triggers in the
-- writing transaction and indexed with GIN on (tenant_id, document), so a search reads only the
-- matching rows of its own organization.
--
-- Language: the organization's defaultLanguage setting ("en", "de", "pt-BR"; "en" when unset) picks
-- PostgreSQL's text search configuration (stemming and stop words); other languages use 'simple'. Documents always
-- carry the 'simple' lexemes as well, so prefix matching works on whole words and records written
-- before a language change still match.
CREATE EXTENSION IF NOT EXISTS btree_gin;

CREATE FUNCTION search_config(p_tenant uuid) RETURNS regconfig
    LANGUAGE sql STABLE AS $$
    SELECT coalesce((
        SELECT cfg.oid::regconfig
        FROM organizations o
        JOIN pg_ts_config cfg ON cfg.cfgnamespace = 'pg_catalog'::regnamespace AND cfg.cfgname =
            CASE split_part(lower(coalesce(o.settings ->> 'defaultLanguage', 'en')), '-', 1)
                WHEN 'ar' THEN 'arabic' WHEN 'ca' THEN 'catalan' WHEN 'da' THEN 'danish' WHEN 'de' THEN 'german'
                WHEN 'el' THEN 'greek' WHEN 'en' THEN 'english' WHEN 'es' THEN 'spanish' WHEN 'eu' THEN 'basque'
                WHEN 'fi' THEN 'finnish' WHEN 'fr' THEN 'french' WHEN 'ga' THEN 'irish' WHEN 'hi' THEN 'hindi'
                WHEN 'hu' THEN 'hungarian' WHEN 'hy' THEN 'armenian' WHEN 'id' THEN 'indonesian' WHEN 'it' THEN 'italian'
                WHEN 'lt' THEN 'lithuanian' WHEN 'nb' THEN 'norwegian' WHEN 'ne' THEN 'nepali' WHEN 'nl' THEN 'dutch'
                WHEN 'nn' THEN 'norwegian' WHEN 'no' THEN 'norwegian' WHEN 'pt' THEN 'portuguese' WHEN 'ro' THEN 'romanian'
                WHEN 'ru' THEN 'russian' WHEN 'sr' THEN 'serbian' WHEN 'sv' THEN 'swedish' WHEN 'ta' THEN 'tamil'
                WHEN 'tr' THEN 'turkish' WHEN 'yi' THEN 'yiddish'
            END
        WHERE o.id = p_tenant), 'simple'::regconfig)
$$;

-- A query's terms (letters and digits joined by '&', the last one with ':*') in the organization's
-- language or as plain words.
CREATE FUNCTION search_query(p_tenant uuid, p_terms text) RETURNS tsquery
    LANGUAGE sql STABLE AS $$
    SELECT to_tsquery(search_config(p_tenant), p_terms) || to_tsquery('simple', p_terms)
$$;

CREATE FUNCTION search_document(p_config regconfig, p_primary text, p_secondary text) RETURNS tsvector
    LANGUAGE sql IMMUTABLE AS $$
    SELECT setweight(to_tsvector(p_config, coalesce(p_primary, '')), 'A')
        || setweight(to_tsvector(p_config, coalesce(p_secondary, '')), 'B')
        || CASE WHEN p_config = 'simple'::regconfig THEN ''::tsvector
                ELSE setweight(to_tsvector('simple', coalesce(p_primary, '')), 'A')
                  || setweight(to_tsvector('simple', coalesce(p_secondary, '')), 'B') END
$$;

-- The text of sanitised note HTML: tags become spaces, the entities the sanitiser writes are decoded.
CREATE FUNCTION search_plain(p_html text) RETURNS text
    LANGUAGE sql IMMUTABLE AS $$
    SELECT replace(replace(replace(replace(replace(regexp_replace(p_html, '<[^>]*>', ' ', 'g'),
        '&lt;', '<'), '&gt;', '>'), '&quot;', '"'), '&#39;', ''''), '&amp;', '&')
$$;

-- Each branch is its own statement: PL/pgSQL plans a statement when it first runs, for the row type at hand.
CREATE FUNCTION search_document_refresh() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    config regconfig := search_config(NEW.tenant_id);
BEGIN
    IF TG_TABLE_NAME = 'contacts' THEN
        NEW.search_vector := search_document(config, NEW.full_name,
            concat_ws(' ', NEW.email, NEW.company, array_to_string(NEW.tags, ' ')));
    ELSIF TG_TABLE_NAME = 'cases' THEN
        NEW.search_vector := search_document(config, NEW.title, NULL);
    ELSIF TG_TABLE_NAME = 'notes' THEN
        NEW.search_vector := search_document(config, NULL, search_plain(NEW.body));
    ELSIF TG_TABLE_NAME = 'conversations' THEN
        NEW.search_vector := search_document(config, NEW.subject, NULL);
    ELSIF TG_TABLE_NAME = 'messages' THEN
        NEW.search_vector := search_document(config, NULL, NEW.body);
    ELSE -- tasks, appointments
        NEW.search_vector := search_document(config, NEW.title, NEW.description);
    END IF;
    RETURN NEW;
END
$$;

DO $$
DECLARE
    t text;
    cols text;
BEGIN
    FOR t, cols IN VALUES ('contacts', 'full_name, email, company, tags'), ('cases', 'title'),
                          ('tasks', 'title, description'), ('notes', 'body'), ('appointments', 'title, description'),
                          ('conversations', 'subject'), ('messages', 'body') LOOP
        EXECUTE format('ALTER TABLE %I ADD COLUMN search_vector tsvector', t);
        EXECUTE format('CREATE TRIGGER search_document_insert BEFORE INSERT ON %I '
                       'FOR EACH ROW EXECUTE FUNCTION search_document_refresh()', t);
        EXECUTE format('CREATE TRIGGER search_document_update BEFORE UPDATE OF %s ON %I '
                       'FOR EACH ROW EXECUTE FUNCTION search_document_refresh()', cols, t);
        EXECUTE format('UPDATE %I SET %s', t, regexp_replace(cols, '(\w+)', '\1 = \1', 'g'));
        EXECUTE format('CREATE INDEX %I ON %I USING gin (tenant_id, search_vector)', t || '_search_vector_idx', t);
    END LOOP;
END
$$;
