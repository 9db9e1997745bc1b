-- up.sql (the migration under test): Tenant Planner peer case (splinter).
-- Our own SQL, reproducing the scenario of supabase/splinter test/sql/0018_unsupported_reg_types.sql
-- test: 7 issues, one per column of an unsupported reg* type
-- Nothing here is copied from upstream.

create table public.catalog_refs (
    id int primary key,
    -- allowed
    a_class regclass,
    a_role regrole,
    a_type regtype,
    -- not allowed
    x_collation regcollation,
    x_config regconfig,
    x_dictionary regdictionary,
    x_namespace regnamespace,
    x_oper regoper,
    x_proc regproc,
    x_procedure regprocedure
);
