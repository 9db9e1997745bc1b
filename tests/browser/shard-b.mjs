// The second half of the browser tests for scripts/test: every file not in SHARD_A (suite-files.mjs).
import { importTests, SHARD_A } from './suite-files.mjs';

await importTests((name) => !SHARD_A.includes(name));
