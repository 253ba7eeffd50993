// tools/audit.ts: reading `npm audit --json` — findings fail, an unreachable
// audit endpoint is "unavailable" (skipped), anything else is broken.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { auditVerdict } from '../../../tools/audit.ts';

const report = (meta: Record<string, number>, vulns: Record<string, unknown> = {}): string =>
  JSON.stringify({ auditReportVersion: 2, vulnerabilities: vulns, metadata: { vulnerabilities: { info: 0, low: 0, moderate: 0, high: 0, critical: 0, total: 0, ...meta } } });

describe('auditVerdict', () => {
  it('passes a report without high or critical advisories', () => {
    expect(auditVerdict(report({ low: 2, moderate: 1, total: 3 })).kind).toBe('clean');
  });

  it('fails on a high or critical advisory and names the packages', () => {
    const v = auditVerdict(report({ high: 1, total: 1 }, { pkijs: { name: 'pkijs', severity: 'high', via: [] }, x: { severity: 'low' } }));
    expect(v).toEqual({ kind: 'findings', counts: expect.objectContaining({ high: 1 }) as unknown, packages: ['pkijs (high)'] });
    expect(auditVerdict(report({ critical: 1 })).kind).toBe('findings');
  });

  it('reports an endpoint that refuses the audit API as unavailable, not as clean', () => {
    const refused = JSON.stringify({ message: '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk', statusCode: 405, body: '', error: { summary: '', detail: '' } });
    const v = auditVerdict(refused);
    expect(v.kind).toBe('unavailable');
    expect(v.kind === 'unavailable' && v.reason).toContain('405');
    expect(auditVerdict(JSON.stringify({ error: { code: 'ENOTFOUND', summary: 'getaddrinfo ENOTFOUND', detail: '' } })).kind).toBe('unavailable');
  });

  it('never calls garbage clean', () => {
    for (const bad of ['', 'not json', '[]', 'null', '{"metadata":{}}', '{"auditReportVersion":2}']) expect(auditVerdict(bad).kind).toBe('broken');
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (s) => {
        const v = auditVerdict(s);
        if (v.kind === 'clean') {
          // Only a report with counts and no high/critical one may pass.
          const parsed = JSON.parse(s) as { metadata: { vulnerabilities: Record<string, unknown> } };
          expect(parsed.metadata.vulnerabilities).toBeTypeOf('object');
        }
      }),
      { numRuns: 2000 },
    );
  });
});
