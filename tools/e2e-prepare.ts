// What the end-to-end step needs before its first file starts: the Debian packages, the
// test PKI and the Firefox profile template (test/e2e/support/global-setup.ts). npm test
// runs it beside its other early steps, so that on a fresh clone the end-to-end step does
// not start with it (PKI and template: 5.6 s, 4.4 s of CPU, measured with both removed);
// each part is kept once made (0.7 s then).
import { prepareE2e } from '../test/e2e/support/global-setup.ts';

await prepareE2e();
