// Extracts a corpus project at its manifest's commit from the local bare mirror into a folder:
// `git ls-tree` + `git show` per file (tests/corpus/README.md says why not `git archive`).
// Shared by browser.mjs and check_pg.sh.
//
//   node tests/corpus/extract.mjs NAME DEST     (prints the number of files; exit 3 when no mirror)
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const mirrors = process.env.TP_MIRRORS || '/work/.mirror';

// `*` stays within one folder, `**` spans folders (tests/corpus/README.md).
function segment(p, s) {
  if (!p.length) return !s.length;
  if (p[0] === '*') return segment(p.slice(1), s) || (s.length > 0 && segment(p, s.slice(1)));
  return s.length > 0 && p[0] === s[0] && segment(p.slice(1), s.slice(1));
}
function glob(p, s) {
  if (!p.length) return !s.length;
  if (p[0] === '**') return glob(p.slice(1), s) || (s.length > 0 && glob(p, s.slice(1)));
  return s.length > 0 && segment(p[0], s[0]) && glob(p.slice(1), s.slice(1));
}

export function mirrorOf(m) {
  return path.join(mirrors, m.repo.replace('/', '+'), 'repo');
}

export function extract(m, repo, dest) {
  const git = (...a) => execFileSync('git', ['--git-dir', repo, ...a], { maxBuffer: 1 << 30 });
  const rootDir = m.root.replace(/\/$/, '');
  const globs = m.include.map((g) => g.split('/'));
  let n = 0;
  for (const p of git('ls-tree', '-r', '--name-only', m.commit, '--', rootDir).toString().split('\n')) {
    if (!p.startsWith(rootDir + '/')) continue;
    const rel = p.slice(rootDir.length + 1);
    if (!globs.some((g) => glob(g, rel.split('/')))) continue;
    fs.mkdirSync(path.join(dest, path.dirname(rel)), { recursive: true });
    fs.writeFileSync(path.join(dest, rel), git('show', `${m.commit}:${p}`));
    n++;
  }
  return n;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const [name, dest] = process.argv.slice(2);
  if (!name || !dest) { console.error('usage: node tests/corpus/extract.mjs NAME DEST'); process.exit(2); }
  const here = path.dirname(fileURLToPath(import.meta.url));
  const m = JSON.parse(fs.readFileSync(path.join(here, name, 'manifest.json'), 'utf8'));
  const repo = mirrorOf(m);
  if (!fs.existsSync(repo)) { console.error(`${name}: no mirror at ${repo}`); process.exit(3); }
  console.log(extract(m, repo, dest));
}
