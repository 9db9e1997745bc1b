// Every browser test file in one Node process, so they share one static server and one Chromium
// (helpers.mjs): `node --test tests/browser/suite.mjs`. scripts/test runs the same files split in
// two processes side by side (shard-a.mjs, shard-b.mjs; see suite-files.mjs). A file still runs
// alone with `node --test tests/browser/NAME.test.mjs`. TP_BROWSER_ONLY=erd,leaks runs those files.
import { importTests } from './suite-files.mjs';

await importTests();
