-- Every GIN index takes its entries directly instead of through a pending list. With the pending list, an insert
-- only appended to it, but the insert that found it full merged all of it into the index inside its own
-- statement: under sustained task creation the slowest insert took over two seconds (and held up its transaction
-- and every request grouped into it), while the rest were no faster. Without it the slowest of the same inserts
-- took a quarter of a second, and at least as many went through per second.
DO $$
DECLARE
    gin record;
BEGIN
    FOR gin IN
        SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_am a ON a.oid = c.relam
        WHERE c.relkind = 'i' AND a.amname = 'gin' AND n.nspname = current_schema()
    LOOP
        EXECUTE format('ALTER INDEX %I SET (fastupdate = off)', gin.relname);
    END LOOP;
END
$$;
