// Builds a pristine PGlite data directory (what initdb makes) once, at setup, so each fresh
// database in the browser loads it instead of running initdb again (seconds saved per start).
// Made from the installed PGlite itself, so it always matches its version.
import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';

const out = process.argv[2] || 'static/pglite/datadir.tar.gz';
const db = await PGlite.create();
const blob = await db.dumpDataDir('gzip');
await db.close();
fs.writeFileSync(out, Buffer.from(await blob.arrayBuffer()));
console.error(`wrote ${out} (${(fs.statSync(out).size / 1024).toFixed(0)} KB)`);
