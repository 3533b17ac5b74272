-- Tenants with workflows (enabled or not, not deleted): the workflow intake opens no transaction for a trigger
-- event of any other tenant, which has nothing to run. It loads them when it starts working a shard and then keeps
-- them current from the workflow events it reads in log order.
CREATE FUNCTION workflow_tenants()
    RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$ SELECT DISTINCT w.tenant_id FROM workflows w WHERE w.deleted_at IS NULL $$;

REVOKE ALL ON FUNCTION workflow_tenants() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION workflow_tenants() TO ${appRole};
