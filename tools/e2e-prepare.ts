// What the end-to-end step needs before its first file starts: the Debian packages, the
// test PKI and the Firefox profile template (test/e2e/support/global-setup.ts), and with
// `--packages DIR` the release packages packaged.e2e.ts runs (test/e2e/support/packages.ts).
// npm test runs it beside its other early steps, so that the end-to-end step does not start
// with it: PKI and template about 4 s on a fresh clone (each kept once made), the release
// packages about 11 s of CPU in every run.
import { mkdir } from 'node:fs/promises';
import { prepareE2e } from '../test/e2e/support/global-setup.ts';
import { makePackages } from '../test/e2e/support/packages.ts';

const at = process.argv.indexOf('--packages');
const dir = at >= 0 ? process.argv[at + 1] : undefined;
if (at >= 0 && !dir) throw new Error('--packages needs a directory');
await Promise.all([prepareE2e(), dir ? mkdir(dir, { recursive: true }).then(() => makePackages(dir)) : null]);
