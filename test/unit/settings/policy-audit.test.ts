// A broken managed policy is audited once per distinct error list and browser session
// (src/shared/settings/policy-audit.ts), also when two start-up paths ask at the same time
// (the Firefox repeat run that recorded policy.invalid twice), and never lost when the
// background stops between its record and its note (the loaded Firefox run with no record).
import { describe, expect, it } from 'vitest';
import { AUDITED_ERRORS_KEY, policyAuditOnce } from '../../../src/shared/settings/policy-audit.ts';
import { MemoryArea } from '../helpers/memory-area.ts';

/** A record writer that counts its records; `result` is what the audit write answers. */
function writer(result: boolean | 'throws' | 'never' = true): { write: () => Promise<boolean>; records: () => number } {
  let records = 0;
  return {
    records: () => records,
    write: () => {
      if (result === 'never') return new Promise<boolean>(() => undefined); // the background stops here
      if (result === 'throws') return Promise.reject(new Error('audit store broken'));
      if (result) records += 1;
      return Promise.resolve(result);
    },
  };
}

describe('policyAuditOnce', () => {
  it.each([
    { name: 'no errors, nothing seen', seen: undefined, errors: [], write: true, audited: false, after: undefined },
    { name: 'no errors any more: forgets the list', seen: 'a; b', errors: [], write: true, audited: false, after: undefined },
    { name: 'new errors', seen: undefined, errors: ['a', 'b'], write: true, audited: true, after: 'a; b' },
    { name: 'the same errors again', seen: 'a; b', errors: ['a', 'b'], write: true, audited: false, after: 'a; b' },
    { name: 'other errors', seen: 'a', errors: ['a', 'b'], write: true, audited: true, after: 'a; b' },
    { name: 'a stored value of another type', seen: 42, errors: ['a'], write: true, audited: true, after: 'a' },
    { name: 'the record could not be written: not remembered', seen: undefined, errors: ['a'], write: false, audited: false, after: undefined },
    { name: 'the record writer threw: not remembered', seen: undefined, errors: ['a'], write: 'throws', audited: false, after: undefined },
  ] as const)('$name', async ({ seen, errors, write, audited, after }) => {
    const area = new MemoryArea();
    if (seen !== undefined) area.put(AUDITED_ERRORS_KEY, seen);
    const w = writer(write);
    expect(await policyAuditOnce(area)(errors, w.write)).toBe(audited);
    expect(w.records()).toBe(audited ? 1 : 0);
    expect(area.data.get(AUDITED_ERRORS_KEY)).toBe(after);
  });

  it('asked three times at once for the same errors: one record', async () => {
    const once = policyAuditOnce(new MemoryArea());
    const w = writer();
    const answers = await Promise.all([once(['rememberMe.mode: bad'], w.write), once(['rememberMe.mode: bad'], w.write), once(['rememberMe.mode: bad'], w.write)]);
    expect(answers.filter(Boolean)).toHaveLength(1);
    expect(w.records()).toBe(1);
  });

  it('a storage error on reading records (a record too many, never one missing) and does not block the next call', async () => {
    const area = new MemoryArea();
    const once = policyAuditOnce(area);
    const w = writer();
    area.failNext = 'get';
    await expect(once(['a'], w.write)).resolves.toBe(true);
    expect(await once(['a'], w.write)).toBe(false); // remembered after the first record
    expect(w.records()).toBe(1);
  });

  it('a storage error on remembering: the next background records again (a record too many)', async () => {
    const area = new MemoryArea();
    const w = writer();
    area.failNext = 'set';
    expect(await policyAuditOnce(area)(['a'], w.write)).toBe(true);
    expect(await policyAuditOnce(area)(['a'], w.write)).toBe(true);
    expect(w.records()).toBe(2);
  });

  it('the background stopped before its record was written: the next background records it', async () => {
    const area = new MemoryArea();
    void policyAuditOnce(area)(['a'], writer('never').write); // Firefox suspends the event page mid-write
    await new Promise((r) => setTimeout(r, 20));
    const next = writer();
    expect(await policyAuditOnce(area)(['a'], next.write)).toBe(true);
    expect(next.records()).toBe(1);
    expect(area.data.get(AUDITED_ERRORS_KEY)).toBe('a');
  });
});
