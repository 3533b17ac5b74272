-- Workflows at scale: the launcher counts the runs one originating change caused (through any number of
-- chained runs) before it starts another one caused by automation, so that count must be an index lookup.
CREATE INDEX workflow_runs_origin_idx ON workflow_runs (tenant_id, origin_event_id) WHERE origin_event_id IS NOT NULL;
