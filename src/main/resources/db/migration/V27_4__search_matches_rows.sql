-- A search's matches are joined back to their table by primary key. Without an estimate the planner
-- assumes 1,000 rows from a function and prefers hashing the organization's whole table; most searches
-- match a few dozen rows, for which one index lookup each is far cheaper.
ALTER FUNCTION search_matches(text, tsquery, text, text) ROWS 20;
