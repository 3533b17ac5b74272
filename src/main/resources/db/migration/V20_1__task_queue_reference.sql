-- A task's queue is a queue of the task's own organization, like a case's. NOT VALID: rows written before
-- this check are left as they are; every new or changed row is checked.
ALTER TABLE tasks ADD CONSTRAINT tasks_assignee_queue_fkey
    FOREIGN KEY (tenant_id, assignee_queue_id) REFERENCES case_queues (tenant_id, id) NOT VALID;
CREATE INDEX tasks_assignee_queue_idx ON tasks (tenant_id, assignee_queue_id) WHERE assignee_queue_id IS NOT NULL;
