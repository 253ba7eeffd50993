// A broken managed policy is audited once per distinct error list and browser session
// (src/shared/settings/policy-audit.ts), also when two start-up paths ask at the same time:
// the Firefox repeat run that recorded policy.invalid twice.
import { describe, expect, it } from 'vitest';
import { AUDITED_ERRORS_KEY, policyAuditGate } from '../../../src/shared/settings/policy-audit.ts';
import { MemoryArea } from '../helpers/memory-area.ts';

describe('policyAuditGate', () => {
  it.each([
    { name: 'no errors, nothing seen', seen: undefined, errors: [], audit: false, after: undefined },
    { name: 'no errors any more: forgets the list', seen: 'a; b', errors: [], audit: false, after: undefined },
    { name: 'new errors', seen: undefined, errors: ['a', 'b'], audit: true, after: 'a; b' },
    { name: 'the same errors again', seen: 'a; b', errors: ['a', 'b'], audit: false, after: 'a; b' },
    { name: 'other errors', seen: 'a', errors: ['a', 'b'], audit: true, after: 'a; b' },
    { name: 'a stored value of another type', seen: 42, errors: ['a'], audit: true, after: 'a' },
  ])('$name', async ({ seen, errors, audit, after }) => {
    const area = new MemoryArea();
    if (seen !== undefined) area.put(AUDITED_ERRORS_KEY, seen);
    expect(await policyAuditGate(area)(errors)).toBe(audit);
    expect(area.data.get(AUDITED_ERRORS_KEY)).toBe(after);
  });

  it('asked twice at once for the same errors: one record', async () => {
    const gate = policyAuditGate(new MemoryArea());
    const answers = await Promise.all([gate(['rememberMe.mode: bad']), gate(['rememberMe.mode: bad']), gate(['rememberMe.mode: bad'])]);
    expect(answers.filter(Boolean)).toHaveLength(1);
  });

  it('a storage error answers "audit" (a record too many, never one missing) and does not block the next call', async () => {
    const area = new MemoryArea();
    const gate = policyAuditGate(area);
    area.failNext = 'get';
    await expect(gate(['a'])).resolves.toBe(true);
    // Nothing was remembered: the next call audits (and remembers), the one after does not.
    expect(await gate(['a'])).toBe(true);
    expect(await gate(['a'])).toBe(false);
  });
});
