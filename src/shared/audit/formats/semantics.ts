// What an audit event means for a SIEM, shared by the SIEM formats: ECS
// categorisation (event.category / event.type, values from the ECS
// categorisation reference; each pair is one ECS lists as expected), outcome,
// severity, and a one-line human text. Pure.
import type { AuditEventType, AuditRecord } from '../types.ts';

export type Severity = 'info' | 'warn' | 'error';

interface Meaning {
  category: string[];
  type: string[];
  severity: Severity;
}

// https://www.elastic.co/docs/reference/ecs/ecs-allowed-values-event-category (expected event types per category)
const MEANINGS: Record<AuditEventType, Meaning> = {
  'token.found': { category: ['session'], type: ['info'], severity: 'info' },
  'token.cleared': { category: ['session'], type: ['end'], severity: 'info' },
  'token.invalidated': { category: ['session'], type: ['end'], severity: 'info' },
  'token.invalidation-pending': { category: ['session'], type: ['info'], severity: 'warn' },
  'session.start': { category: ['authentication', 'session'], type: ['start'], severity: 'info' },
  'session.end': { category: ['session'], type: ['end'], severity: 'info' },
  'rememberme.enforced': { category: ['configuration'], type: ['change'], severity: 'info' },
  'rememberme.bypass': { category: ['intrusion_detection'], type: ['denied'], severity: 'warn' },
  'rememberme.expired': { category: ['configuration'], type: ['deletion'], severity: 'info' },
  'cert.warning': { category: ['network'], type: ['info'], severity: 'warn' },
  'cert.pin-changed': { category: ['network'], type: ['info'], severity: 'warn' },
  'tls.failure': { category: ['network'], type: ['connection'], severity: 'warn' },
  'policy.changed': { category: ['configuration'], type: ['change'], severity: 'info' },
  'policy.invalid': { category: ['configuration'], type: ['info'], severity: 'warn' },
  'policy.weakened': { category: ['configuration'], type: ['change'], severity: 'warn' },
  'storage.recovered': { category: ['database'], type: ['error'], severity: 'warn' },
  'forward.failed': { category: ['network'], type: ['info'], severity: 'error' },
  'extension.started': { category: ['process'], type: ['start'], severity: 'info' },
  'page.rate-limited': { category: ['intrusion_detection'], type: ['denied'], severity: 'warn' },
};

export function meaning(type: AuditEventType): Meaning {
  return MEANINGS[type];
}

export type Outcome = 'success' | 'failure' | 'unknown';

/** ECS event.outcome: from `result` where there is one, else from what the event is. */
export function outcome(r: AuditRecord): Outcome {
  const res = r.result;
  if (res === 'ok' || res === 'already-invalid') return 'success';
  if (res !== undefined && /^(?:http-|timeout|network-error|account-|redirect-|expired-unreachable)/.test(res)) return 'failure';
  if (r.type === 'session.start' || r.type === 'token.cleared' || r.type === 'rememberme.enforced' || r.type === 'rememberme.expired') return 'success';
  if (r.type === 'tls.failure' || r.type === 'forward.failed' || r.type === 'rememberme.bypass') return 'failure';
  return 'unknown';
}

/** The JOC origin split into URL parts (ECS url.*, OTel url.*); null for extension-wide events. */
export function originParts(origin: string): { original: string; scheme: string; domain: string; port: number } | null {
  if (origin === '') return null;
  try {
    const u = new URL(origin);
    const port = u.port !== '' ? Number(u.port) : u.protocol === 'https:' ? 443 : 80;
    return { original: origin, scheme: u.protocol.slice(0, -1), domain: u.hostname, port };
  } catch {
    return null;
  }
}

/** One line for humans (ECS message, OTLP body, HEC search results). Built from record fields only. */
export function describe(r: AuditRecord): string {
  const parts: string[] = [r.type];
  if (r.reason !== undefined) parts.push(`(${r.reason})`);
  if (r.account !== undefined) parts.push(`account ${r.account}`);
  if (r.origin !== '') parts.push(`on ${r.origin}`);
  if (r.result !== undefined) parts.push(`result ${r.result}`);
  if (r.detail !== undefined) parts.push(`- ${r.detail}`);
  return parts.join(' ');
}

/** Epoch milliseconds of a record's ISO time (records are validated, so this is finite). */
export function epochMs(r: AuditRecord): number {
  const ms = Date.parse(r.ts);
  return Number.isFinite(ms) ? ms : 0;
}
