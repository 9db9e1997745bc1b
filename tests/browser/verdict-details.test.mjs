// What the Advisor and the Changes tab say beyond a count: the rollback level when only
// trigger-maintained columns differ (naming the trigger and the UPDATE), the function_search_path
// findings ranked (SECURITY DEFINER first, the rest grouped), a rule's documented differences from
// its peer, and the peer rules not checked here.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startApp, sqlFiles, loadFiles, loadBuffers, finishedRun, ROOT, ARTIFACTS } from './helpers.mjs';

let app;
before(async () => { app = await startApp(); fs.mkdirSync(ARTIFACTS, { recursive: true }); });
after(async () => { await app.close(); });

test('a rollback that differs only in a trigger-maintained updated_at is clean except that column', async () => {
  const page = await app.page();
  await loadFiles(page, sqlFiles(path.join(ROOT, 'tests', 'fixtures', 'trigger-rollback')));
  const r = await finishedRun(page);
  assert.equal(r.rollback.level, 'clean_except_triggers');
  await page.click('[data-testid=tab-changes]');
  assert.equal(await page.getAttribute('[data-testid=rollback]', 'data-level'), 'clean_except_triggers');
  assert.equal(await page.getAttribute('[data-testid=rollback]', 'data-state'), 'except');
  assert.match(await page.textContent('[data-testid=rollback-verdict]'), /^clean except columns maintained by triggers/);
  const m = page.locator('[data-testid=maintained-column]');
  assert.equal(await m.count(), 1);
  assert.equal(await m.getAttribute('data-trigger'), 'accounts_touch');
  assert.match(await m.textContent(), /3 rows updated at 002_tenants\.sql:6/);
  await page.screenshot({ path: path.join(ARTIFACTS, 'rollback-except-triggers.png') });
  await page.context().close();
});

test('advisor: search_path findings ranked and grouped, differences and unchecked peer rules shown', async () => {
  const page = await app.page();
  await loadBuffers(page, [['000_baseline.sql', `
create table public.users (id bigint primary key, email text not null);
create table public.organizations (id bigint primary key, name text not null);
create table public.organization_members (organization_id bigint not null references public.organizations (id),
  user_id bigint not null references public.users (id), primary key (organization_id, user_id));
create index organization_members_user_id_idx on public.organization_members (user_id);
create table public.projects (id bigint primary key, organization_id bigint not null references public.organizations (id), updated_at timestamptz);
create function public.touch() returns trigger language plpgsql as $$ begin new.updated_at := now(); return new; end $$;
create trigger projects_touch before update on public.projects for each row execute function public.touch();
create function public.helper() returns int language sql as $$ select 1 $$;
create function public.admin_count() returns bigint language sql security definer as $$ select count(*) from public.organizations $$;
`]]);
  const r = await finishedRun(page);
  assert.deepEqual(r.lint.function_search_path_mutable.map((f) => [f.object, f.group ?? null]), [
    ['public.admin_count()', null],
    ['public.helper()', 'SECURITY INVOKER functions'],
    ['public.touch()', 'trigger functions (SECURITY INVOKER)'],
  ]);
  // The same unindexed column, reported by splinter's rule and ours: linked, counted once.
  const dup = r.lint.unindexed_foreign_keys.find((f) => f.object === 'public.projects.organization_id');
  assert.equal(dup?.same_as, 'tenant_key_without_index', JSON.stringify([r.tenant_roots, r.lint.unindexed_foreign_keys, r.lint.tenant_key_without_index]));
  await page.click('[data-testid=tab-advisor]');
  const rule = page.locator('[data-testid=rule][data-rule=function_search_path_mutable]');
  // Ungrouped first, then the groups, collapsed.
  assert.equal(await rule.locator(':scope > ul > [data-testid=finding]').first().getAttribute('data-object'), 'public.admin_count()');
  assert.deepEqual(await rule.locator('[data-testid=finding-group]').evaluateAll((els) => els.map((e) => [e.dataset.group, e.dataset.count, e.open])),
    [['SECURITY INVOKER functions', '1', false], ['trigger functions (SECURITY INVOKER)', '1', false]]);
  assert.equal(await page.locator('[data-testid=finding][data-rule=unindexed_foreign_keys] [data-testid=same-as]').count(), 1);
  // A rule's docs show where it differs from its peer on purpose.
  await page.selectOption('[data-testid=lint-level]', 'INFO');
  await page.click('[data-testid=rule][data-rule=unindexed_foreign_keys] [data-testid=rule-doc-toggle]');
  assert.match(await page.textContent('[data-testid=rule][data-rule=unindexed_foreign_keys] [data-testid=rule-differences]'), /splinter unindexed_foreign_keys.*Index Scan/s);
  // The peers' rules not checked here are listed.
  assert.equal(await page.locator('[data-testid=not-covered] li').count(), 9);
  await page.locator('[data-testid=rule][data-rule=unindexed_foreign_keys] [data-testid=rule-differences]').scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(ARTIFACTS, 'advisor-differences.png') });
  await page.click('[data-testid=not-covered] summary');
  await page.locator('[data-testid=not-covered]').scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(ARTIFACTS, 'advisor-not-covered.png') });
  await page.context().close();
});
