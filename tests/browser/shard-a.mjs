// The first half of the browser tests for scripts/test (see suite-files.mjs).
import { importTests, SHARD_A } from './suite-files.mjs';

await importTests((name) => SHARD_A.includes(name));
