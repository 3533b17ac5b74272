-- The trigram index over every organization's contacts serves no statement: the contacts list filters by text
-- under row-level security, where LIKE is not leakproof and so cannot be an index condition, and search uses
-- the trigram index scoped to the organization (contacts_search_text_tenant_idx). Each contact write no longer
-- updates it.
DROP INDEX contacts_search_idx;
