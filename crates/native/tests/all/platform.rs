//! The platform around the user's statements, on the native engine: the Supabase shim's platform
//! objects, extensions nobody ships (named; stood in with the project option), the Supabase
//! defaults the native engine lacks, and the session reset after a baseline.
//! Each test states its expected outcome before running.

use crate::support::simulate;
use tenant_planner_core::run::{RunResult, Status};
use tenant_planner_core::{Profile, Project, SqlFile};

fn run(files: &[(&str, &str)], profile: Profile, stand_in: bool) -> RunResult {
    let project = Project {
        files: files.iter().map(|(n, t)| SqlFile::new(*n, *t)).collect(),
        stand_in_extensions: stand_in,
        ..Default::default()
    };
    simulate(&project, Some(profile), true, &mut ()).unwrap().0
}

fn failures(r: &RunResult) -> Vec<(String, usize, String)> {
    r.errors().map(|e| (e.file.clone(), e.line, e.sqlstate.clone())).collect()
}

const PLATFORM: &str = "create table public.notes (id bigint generated always as identity primary key, owner_id uuid not null default auth.uid() references auth.users (id), body text);
alter publication supabase_realtime add table public.notes;
grant select on public.notes to authenticator, supabase_auth_admin, supabase_storage_admin, dashboard_user;
alter role authenticator set pgrst.db_pre_request = 'public.check_request';
notify pgrst, 'reload config';
create policy \"topic members\" on realtime.messages for select to authenticated using (realtime.topic() = 'notes');
select vault.create_secret('s3cret', 'stripe_key');
create function public.stripe_key() returns text language sql security definer as $$ select decrypted_secret from vault.decrypted_secrets where name = 'stripe_key' $$;
insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at, confirmation_token, recovery_token, email_change_token_new, email_change, raw_app_meta_data, raw_user_meta_data, is_super_admin, is_sso_user)
  values ('00000000-0000-0000-0000-000000000000', 'aaaaaaaa-0000-0000-0000-000000000001', 'authenticated', 'authenticated', 'a@x.test', 'x', now(), '', '', '', '', '{}', '{}', null, false);
insert into auth.identities (provider_id, user_id, identity_data, provider) values ('a@x.test', 'aaaaaaaa-0000-0000-0000-000000000001', '{\"email\": \"a@x.test\"}', 'email');
insert into storage.buckets (id, name, public) values ('avatars', 'avatars', true);
create policy \"own avatar\" on storage.objects for insert to authenticated with check (bucket_id = 'avatars' and (storage.foldername(name))[1] = auth.uid()::text);
";

/// Expected: every statement runs (roles, publication, realtime, vault, auth.identities and
/// GoTrue's columns exist); natively the three default extensions are listed as unavailable.
#[test]
fn the_supabase_shim_has_the_platform_objects_migrations_touch() {
    let r = run(&[("20240101000000_platform.sql", PLATFORM)], Profile::Supabase, false);
    assert_eq!(failures(&r), vec![], "{:#?}", r.errors().collect::<Vec<_>>());
    let missing: Vec<&str> = r.platform.unavailable.iter().map(|u| u.extension.as_str()).collect();
    assert_eq!(missing, ["uuid-ossp", "pgcrypto", "pg_stat_statements"], "native lacks them");
    assert!(r.platform.unavailable.iter().all(|u| u.at == "Supabase profile"));
}

const JOBS: &str = "create extension if not exists pg_net with schema extensions;
create extension pg_cron;
select cron.schedule('nightly', '0 3 * * *', 'select 1');
select cron.unschedule('nightly');
select net.http_post('https://example.invalid/hook', '{\"a\": 1}'::jsonb);
create extension \"acme-helpers\" version '1.0';
";

/// Expected without the option: stopped at line 1, 0A000, the hint names pg_net and the option.
/// With it: nothing fails; pg_net → schema net, pg_cron → schema cron with their stand-ins, the
/// unknown acme-helpers → an empty schema acme_helpers; each statement carries a NOTICE.
#[test]
fn unshipped_extensions_are_named_then_stood_in_with_the_option() {
    let r = run(&[("001_jobs.sql", JOBS)], Profile::Postgres, false);
    let errs: Vec<_> = r.errors().collect();
    assert_eq!((errs[0].line, errs[0].sqlstate.as_str()), (1, "0A000"));
    let hint = errs[0].hint.as_deref().unwrap();
    assert!(
        hint.contains("extension \"pg_net\" (asynchronous HTTP requests) is not available here")
            && hint.contains("Stand in unavailable extensions"),
        "{hint}"
    );
    assert!(r.platform.unavailable.iter().any(|u| u.extension == "acme-helpers"
        && u.message.contains("a real database raises this error too")));

    let r = run(&[("001_jobs.sql", JOBS)], Profile::Postgres, true);
    assert_eq!(failures(&r), vec![]);
    let stood: Vec<(&str, &str)> =
        r.platform.stand_ins.iter().map(|s| (s.extension.as_str(), s.schema.as_str())).collect();
    assert_eq!(stood, [("pg_net", "net"), ("pg_cron", "cron"), ("acme-helpers", "acme_helpers")]);
    let st = &r.files[0].statements;
    assert!(
        st[1].notices.iter().any(|n| n.message.contains("stood in by schema cron")),
        "{:?}",
        st[1].notices
    );
    assert_eq!(st[1].status, Status::Ok);
}

/// Expected: under Supabase, `create extension if not exists pg_graphql / supabase_vault` (as in
/// a `supabase db dump`) changes nothing on the platform: stood in without the option, no failure;
/// natively, with the option, extensions.uuid_generate_v4() and gen_random_bytes() work (stood in
/// at "Supabase profile").
#[test]
fn supabase_preinstalled_extensions_and_native_defaults() {
    let dump_head = "create extension if not exists \"pg_graphql\" with schema \"graphql\";
create extension if not exists \"supabase_vault\" with schema \"vault\";
grant usage on schema graphql to anon, authenticated;
create table public.tokens (id uuid primary key default extensions.uuid_generate_v4(), secret text default encode(gen_random_bytes(16), 'hex'));
insert into public.tokens default values;
";
    let r = run(&[("20240101000000_init.sql", dump_head)], Profile::Supabase, false);
    let f = failures(&r);
    // Natively without the option, only the table using uuid-ossp fails (and the insert after it).
    assert_eq!(f.iter().map(|x| x.1).collect::<Vec<_>>(), [4, 5], "{f:?}");
    assert_eq!(f[0].2, "42883");
    assert_eq!(
        r.platform.stand_ins.iter().map(|s| s.extension.as_str()).collect::<Vec<_>>(),
        ["pg_graphql", "supabase_vault"]
    );

    let r = run(&[("20240101000000_init.sql", dump_head)], Profile::Supabase, true);
    assert_eq!(failures(&r), vec![]);
    let at: Vec<(&str, &str)> =
        r.platform.stand_ins.iter().map(|s| (s.extension.as_str(), s.at.as_str())).collect();
    assert!(
        at.contains(&("uuid-ossp", "Supabase profile"))
            && at.contains(&("pgcrypto", "Supabase profile")),
        "{at:?}"
    );
}

/// Expected: the baseline empties the search_path and turns row_security off, as a dump does;
/// the up file's unqualified names still resolve (public), and the note names the baseline.
#[test]
fn the_session_is_reset_after_the_baseline() {
    let baseline = "select pg_catalog.set_config('search_path', '', false);\nset row_security = off;\ncreate table public.accounts (id int primary key);\n";
    let up = "create table members (account_id int references accounts (id));\ninsert into accounts values (1);\ninsert into members values (1);\n";
    let r =
        run(&[("000_baseline.sql", baseline), ("001_members.sql", up)], Profile::Postgres, false);
    assert_eq!(failures(&r), vec![]);
    assert!(r
        .platform
        .session_reset
        .as_deref()
        .is_some_and(|n| n.contains("after 000_baseline.sql")));
}
