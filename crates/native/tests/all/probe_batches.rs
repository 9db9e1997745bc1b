//! The probes read many tables in one statement (`isolation::Db::prefetch`); one table whose
//! probe errors fails that whole statement. Its error must still land on that table alone — each
//! query of the failed batch runs on its own — and the tables batched with it must keep their
//! own answers: never lost, never marked clean for the erroring one.

use crate::support::simulate;
use tenant_planner_core::isolation::{LeakVerdict, Outcome};
use tenant_planner_core::{Profile, Project, SqlFile};

/// Seven tenant tables; the policies of the middle one (t3) call a function that raises for
/// every request (it needs a setting the probes cannot know), the others only check membership.
fn schema() -> String {
    let mut up = String::from(
        "create table public.orgs (id uuid primary key default gen_random_uuid(), name text not null);
         create table public.org_members (org_id uuid not null references public.orgs(id), user_id uuid not null references auth.users(id),
           role text not null default 'member' check (role in ('owner', 'member')), primary key (org_id, user_id));
         create function public.is_member(o uuid) returns boolean language sql stable security definer set search_path = ''
           as $$ select exists (select 1 from public.org_members m where m.org_id = o and m.user_id = (select auth.uid())) $$;
         create function public.request_ok() returns boolean language plpgsql stable as $$
         begin
           if coalesce(current_setting('app.request_id', true), '') = '' then
             raise exception 'no request context: app.request_id is not set';
           end if;
           return true;
         end $$;
         alter table public.orgs enable row level security;
         alter table public.org_members enable row level security;
         create policy members_read on public.orgs for select to authenticated using (public.is_member(id));
         create policy members_read on public.org_members for select to authenticated using (public.is_member(org_id));\n",
    );
    for i in 0..7 {
        let scope = if i == 3 {
            "public.request_ok() and public.is_member(org_id)"
        } else {
            "public.is_member(org_id)"
        };
        up.push_str(&format!(
            "create table public.t{i} (id uuid primary key default gen_random_uuid(), org_id uuid not null references public.orgs(id), title text not null);
             alter table public.t{i} enable row level security;
             create policy members on public.t{i} for all to authenticated using ({scope}) with check ({scope});\n"
        ));
    }
    up
}

#[test]
fn an_erroring_table_in_a_batch_is_named_and_the_others_keep_their_answers() {
    let project =
        Project { files: vec![SqlFile::new("001_up.sql", schema())], ..Default::default() };
    let (result, report) = simulate(&project, Some(Profile::Supabase), false, &mut ()).unwrap();
    assert_eq!(report.statements.failed, 0, "{:?}", report.errors);
    let iso = result.isolation.unwrap();
    assert_eq!(iso.error, None);
    assert!(iso.leaks.is_empty(), "{:?}", iso.leaks);
    // Expected: t3's reads error (P0001) for every signed-in counted persona; every other table
    // reads 0 of tenant A's rows for every counted persona (anon's policies do not apply: 0 too).
    let counted: Vec<_> = iso.personas.iter().filter(|p| p.counted).collect();
    assert!(counted.len() >= 3, "{:?}", iso.personas);
    for p in &counted {
        for i in 0..7 {
            let table = format!("public.t{i}");
            let select = iso
                .matrix
                .iter()
                .find(|m| m.persona == p.id && m.table == table && m.command == "SELECT")
                .unwrap_or_else(|| panic!("{} has no SELECT probe of {table}", p.id));
            if i == 3 && p.db_role == "authenticated" {
                assert_eq!(select.outcome, Outcome::Errored, "{} {table}: {select:?}", p.id);
                assert_eq!(select.sqlstate.as_deref(), Some("P0001"));
                assert!(select.error.as_deref().unwrap().contains("no request context"));
            } else {
                assert_eq!(select.outcome, Outcome::Ran, "{} {table}: {select:?}", p.id);
                assert_eq!(select.rows, Some(0), "{} {table}", p.id);
            }
        }
    }
    let coverage = |t: &str| iso.coverage.tables.iter().find(|c| c.table == t).unwrap();
    assert!(!coverage("public.t3").probed);
    for i in [0, 1, 2, 4, 5, 6] {
        let c = coverage(&format!("public.t{i}"));
        assert!(c.probed, "{c:?}");
    }
    match iso.verdict() {
        LeakVerdict::Inconclusive(why) => {
            assert!(why.contains("public.t3"), "{why}");
            assert!(!why.contains("public.t2") && !why.contains("public.t4"), "{why}");
        }
        v => panic!("{v:?}"),
    }
}
