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
    // Generated strings and JSON: almost none is a report, so each must be refused (never clean).
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (s) => {
        expect(auditVerdict(s).kind).not.toBe('clean');
      }),
      { numRuns: 2000 },
    );
  });

  it('calls a report clean exactly when it counts no high or critical advisory and names no such package', () => {
    const count = fc.oneof(fc.nat(5), fc.constant('3'), fc.constant(null));
    const severity = fc.constantFrom('info', 'low', 'moderate', 'high', 'critical', 'HIGH', 7);
    fc.assert(
      fc.property(
        fc.record({ info: count, low: count, moderate: count, high: count, critical: count }),
        fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.record({ severity })),
        (meta, vulns) => {
          const v = auditVerdict(JSON.stringify({ auditReportVersion: 2, vulnerabilities: vulns, metadata: { vulnerabilities: meta } }));
          const counted = (k: 'high' | 'critical'): number => (typeof meta[k] === 'number' ? meta[k] : 0);
          const named = Object.values(vulns).some((x) => x.severity === 'high' || x.severity === 'critical');
          expect(v.kind).toBe(counted('high') + counted('critical') > 0 || named ? 'findings' : 'clean');
        },
      ),
      { numRuns: 2000 },
    );
  });
});
