// What the end-to-end step needs before its first file starts: the Debian packages, the
// test PKI and the Firefox profile template (test/e2e/support/global-setup.ts). npm test
// runs it beside its other early steps, so that on a fresh clone the end-to-end step does
// not start with it (PKI and template: about 4 s); each part is kept once made.
import { prepareE2e } from '../test/e2e/support/global-setup.ts';

await prepareE2e();
