// `npm audit --omit=dev` at high severity: the packages JOC Guard ships must
// have no known high or critical advisory. Exit 0 = clean, 1 = findings or a
// broken report, 77 = the registry's audit endpoint is unreachable (reported
// as skipped by tools/test.ts, never as passed).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from './proc.ts';

export type AuditVerdict =
  | { kind: 'clean'; counts: Record<string, number> }
  | { kind: 'findings'; counts: Record<string, number>; packages: string[] }
  | { kind: 'unavailable'; reason: string }
  | { kind: 'broken'; reason: string };

const BLOCKING = ['high', 'critical'];

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Reads the JSON that `npm audit --json` printed (npm 7 and later). Pure. */
export function auditVerdict(stdout: string): AuditVerdict {
  let report: unknown;
  try {
    report = JSON.parse(stdout);
  } catch {
    return { kind: 'broken', reason: 'npm audit printed no JSON' };
  }
  if (!isRecord(report)) return { kind: 'broken', reason: 'npm audit printed no report object' };
  if ('error' in report || 'statusCode' in report) {
    const status = typeof report.statusCode === 'number' ? report.statusCode : null;
    const summary = isRecord(report.error) && typeof report.error.summary === 'string' ? report.error.summary : '';
    const message = typeof report.message === 'string' ? report.message : summary;
    return { kind: 'unavailable', reason: `audit endpoint answered ${status ?? 'an error'}${message ? `: ${message.slice(0, 160)}` : ''}` };
  }
  const meta = isRecord(report.metadata) && isRecord(report.metadata.vulnerabilities) ? report.metadata.vulnerabilities : null;
  if (meta === null) return { kind: 'broken', reason: 'report has no metadata.vulnerabilities' };
  const counts: Record<string, number> = {};
  for (const [k, v] of Object.entries(meta)) if (typeof v === 'number') counts[k] = v;
  const vulns = isRecord(report.vulnerabilities) ? report.vulnerabilities : {};
  const packages = Object.entries(vulns)
    .filter(([, v]) => isRecord(v) && typeof v.severity === 'string' && BLOCKING.includes(v.severity))
    .map(([name, v]) => `${name} (${isRecord(v) ? String(v.severity) : '?'})`)
    .sort();
  const blocking = BLOCKING.reduce((n, s) => n + (counts[s] ?? 0), 0);
  return blocking > 0 || packages.length > 0 ? { kind: 'findings', counts, packages } : { kind: 'clean', counts };
}

export const EXIT_UNAVAILABLE = 77;

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  // npm exits non-zero both for findings and for an unreachable endpoint: read the JSON instead.
  const r = await run('npm', ['audit', '--omit=dev', '--json'], { allowFail: true, quiet: true, cwd: root, timeoutMs: 120_000 });
  const v = auditVerdict(r.stdout);
  switch (v.kind) {
    case 'clean':
      console.log(`npm audit (shipped dependencies): no high or critical advisory (${JSON.stringify(v.counts)})`);
      process.exit(0);
      break;
    case 'findings':
      console.error(`npm audit: high/critical advisories in shipped dependencies: ${v.packages.join(', ')}`);
      process.exit(1);
      break;
    case 'unavailable':
      console.warn(`npm audit SKIPPED: ${v.reason}. Run \`npm audit --omit=dev --audit-level=high\` where the registry offers the audit API.`);
      process.exit(EXIT_UNAVAILABLE);
      break;
    case 'broken':
      console.error(`npm audit: ${v.reason}`);
      process.exit(1);
  }
}
