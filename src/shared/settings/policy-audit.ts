// A broken managed policy is audited once per distinct error list and browser
// session: Chromium restarts its worker after every idle spell and Firefox its
// event page, and each re-reads the policy; the same record must not flood the
// audit log. The list last audited is kept in storage.session, which a browser
// or extension restart empties, so each real start still records it once.
// - Calls are answered one after the other: a background that applies its
//   settings for two reasons at once (start-up and a policy arriving) read "not
//   yet audited" twice and recorded the policy twice (1 of 10 end-to-end runs).
// - The list is remembered only once its record is written: a background
//   stopped in between (Firefox suspends an idle event page; a worker is
//   killed) then records it at its next start. Remembered first, the record
//   was lost for the whole browser session (a Firefox end-to-end run on a
//   loaded machine found no record at all).
import type { KeyValueArea } from '../audit/kv-area.ts';
import { SerialQueue } from '../serial-queue.ts';

export const AUDITED_ERRORS_KEY = 'policyErrorsAudited';

/** Writes the `policy.invalid` record; answers whether it was written. */
export type PolicyRecordWriter = () => Promise<boolean>;

/**
 * Records these settings errors through `write` unless this list was recorded before in this
 * browser session; answers whether a record was written. Never rejects. When storage fails, the
 * answer is to record (a record too many, never one missing).
 */
export function policyAuditOnce(area: KeyValueArea): (errors: readonly string[], write: PolicyRecordWriter) => Promise<boolean> {
  const queue = new SerialQueue();
  return (errors, write) => queue.run(() => auditOnce(area, errors.join('; '), write));
}

async function auditOnce(area: KeyValueArea, text: string, write: PolicyRecordWriter): Promise<boolean> {
  const seen = await area.get([AUDITED_ERRORS_KEY]).then(
    (items) => items[AUDITED_ERRORS_KEY],
    () => undefined,
  );
  if (text === '') {
    if (seen !== undefined) await area.remove([AUDITED_ERRORS_KEY]).catch(() => undefined);
    return false;
  }
  if (seen === text) return false;
  const written = await write().catch(() => false);
  if (written) await area.set({ [AUDITED_ERRORS_KEY]: text }).catch(() => undefined);
  return written;
}
