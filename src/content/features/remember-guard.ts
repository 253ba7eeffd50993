// Remember Me in the page: the held credentials are given back or dropped as
// the background decided for this origin; under `forbid` the checkbox is
// disabled, credentials written later are removed at once (and audited as a
// bypass), and a login form that a late-started guard finds already filled
// from remembered credentials is emptied.
import { REMEMBER_KEYS } from '../../shared/joc/cockpit.ts';
import { runTask } from '../../shared/run-task.ts';
import type { Entry } from '../../shared/session/sweep.ts';
import type { RememberMeMode } from '../../shared/settings/schema.ts';
import { findLoginControls } from '../login-form.ts';
import * as ps from '../page-storage.ts';
import { guardRememberCheckbox, type RememberGuard } from '../rememberme.ts';
import { t, toBackground } from '../runtime.ts';

const POLL_MS = 1000;
type RememberEvent = 'checkbox-disabled' | 'credentials-removed' | 'bypass';

export interface RememberFeature {
  init(reply: { mode: RememberMeMode; remember: 'restore' | 'drop' | 'none' }, signal: AbortSignal): void;
  /** The policy became `forbid` while the page was open (bg.forbid). */
  forbid(): void;
}

const report = (event: RememberEvent, detail: string): void =>
  runTask('Remember Me report', toBackground('cs.remember', { href: location.href, event, detail: detail.slice(0, 200) }));

/** Remembered credentials in storage go at once; `event` tells the audit why. */
function dropRemembered(event: 'bypass' | 'credentials-removed', detail?: string): void {
  const found = ps.entriesOf('localStorage', REMEMBER_KEYS);
  if (found.length === 0) return;
  ps.removeEntries(found);
  report(event, detail ?? found.map((e) => e.key).join(','));
}

/** The fields the GUI filled from remembered credentials before the guard started. */
function emptyFilledForm(): void {
  const c = findLoginControls();
  for (const input of [c.account, c.password]) {
    if (!input || input.value === '') continue;
    input.value = '';
    input.dispatchEvent(new Event('input', { bubbles: true })); // Angular's ngModel follows the DOM
  }
}

export function createRememberFeature(held: readonly Entry[], late: boolean): RememberFeature {
  let guard: RememberGuard | null = null;
  let poll: ReturnType<typeof setInterval> | undefined;
  let signal: AbortSignal | null = null;

  const enforce = (): void => {
    if (!signal || signal.aborted) return;
    guard ??= guardRememberCheckbox(t('hintRememberForbidden'), () => report('checkbox-disabled', 'login form'), (how) => report('bypass', how));
    poll ??= setInterval(() => dropRemembered('bypass'), POLL_MS);
  };

  return {
    init(reply, s) {
      signal = s;
      s.addEventListener('abort', () => {
        guard?.stop();
        clearInterval(poll);
      });
      if (reply.remember === 'restore') ps.restoreEntries(held);
      if (reply.remember === 'drop' && late && held.length > 0) emptyFilledForm();
      if (reply.mode === 'forbid') enforce();
    },
    forbid() {
      dropRemembered('credentials-removed', 'policy changed to forbid while the page was open');
      enforce();
    },
  };
}
