-- The organization's text search configuration, as PL/pgSQL: its query is planned once per session and kept.
-- As a SQL function it was planned again on every call from the search document trigger (a SQL function's plan
-- lives only as long as the calling statement), which made that trigger most of the cost of a single-row insert
-- into every searchable table.
CREATE OR REPLACE FUNCTION search_config(p_tenant uuid) RETURNS regconfig
    LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN (SELECT coalesce((
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
            WHERE o.id = p_tenant), 'simple'::regconfig));
END
$$;
