// A broken managed policy is audited once per distinct error list and browser
// session: Chromium restarts its worker after every idle spell and Firefox its
// event page, and each re-reads the policy; the same record must not flood the
// audit log. The list last audited is kept in storage.session, which a browser
// or extension restart empties, so each real start still records it once.
// Calls are answered one after the other: a background that applies its
// settings for two reasons at once (start-up and a policy arriving) read "not
// yet audited" twice and recorded the policy twice (1 of 10 end-to-end runs).
import type { KeyValueArea } from '../audit/kv-area.ts';
import { SerialQueue } from '../serial-queue.ts';

export const AUDITED_ERRORS_KEY = 'policyErrorsAudited';

/** Whether these settings errors still need a `policy.invalid` record (and remembers that they got one). */
export function policyAuditGate(area: KeyValueArea): (errors: readonly string[]) => Promise<boolean> {
  const queue = new SerialQueue();
  return (errors) => queue.run(() => decide(area, errors));
}

/** Never rejects: when storage fails, the answer is to audit (a record too many, never one missing). */
async function decide(area: KeyValueArea, errors: readonly string[]): Promise<boolean> {
  const text = errors.join('; ');
  try {
    return await remember(area, text);
  } catch {
    return text !== '';
  }
}

async function remember(area: KeyValueArea, text: string): Promise<boolean> {
  const seen = (await area.get([AUDITED_ERRORS_KEY]))[AUDITED_ERRORS_KEY];
  if (text === '') {
    if (seen !== undefined) await area.remove([AUDITED_ERRORS_KEY]);
    return false;
  }
  if (seen === text) return false;
  await area.set({ [AUDITED_ERRORS_KEY]: text });
  return true;
}
