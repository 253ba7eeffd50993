// Narrowing of the background's replies to ui.* messages. The background is
// ours, but a reply may still be `{error}` (router) or come from an older
// worker during an update, so nothing is used unchecked. Pure.
import type { AuditRecord } from '../../shared/audit/types.ts';
import type { PopupState } from '../../shared/popup/state.ts';
import type { Settings } from '../../shared/settings/effective.ts';

export const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const strings = (x: unknown): string[] => (Array.isArray(x) ? x.filter((s): s is string => typeof s === 'string') : []);
const numOrNull = (x: unknown): number | null => (typeof x === 'number' && Number.isFinite(x) ? x : null);

export class ReplyError extends Error {
  override name = 'ReplyError';
}

/** Throws the router's `{error}` reply as an Error. */
export function unwrap(reply: unknown): unknown {
  if (isRecord(reply) && typeof reply['error'] === 'string' && !('ok' in reply)) throw new ReplyError(reply['error']);
  if (reply === undefined || reply === null) throw new ReplyError('no reply from the background');
  return reply;
}

export function asPopupState(r: unknown): PopupState {
  const ok =
    isRecord(r) &&
    typeof r['version'] === 'string' &&
    isRecord(r['tab']) &&
    isRecord(r['joc']) &&
    isRecord(r['policy']) &&
    isRecord(r['certs']) &&
    Array.isArray(r['audit']);
  if (!ok) throw new ReplyError('unexpected state reply');
  return r as unknown as PopupState;
}

export interface SettingsReply {
  settings: Settings;
  locked: string[];
  errors: string[];
  managed: boolean;
}

function looksLikeSettings(x: unknown): x is Settings {
  return isRecord(x) && Array.isArray(x['origins']) && isRecord(x['rememberMe']) && isRecord(x['session']) && isRecord(x['certificates']) && isRecord(x['audit']);
}

export function asSettingsReply(r: unknown): SettingsReply {
  if (!isRecord(r) || !looksLikeSettings(r['settings'])) throw new ReplyError('unexpected settings reply');
  return { settings: r['settings'], locked: strings(r['locked']), errors: strings(r['errors']), managed: r['managed'] === true };
}

/** `weakened`: the security fields this save weakened, recorded as `policy.weakened` (empty when none). */
export type SaveReply = { ok: true; reply: Omit<SettingsReply, 'managed'>; weakened: string[] } | { ok: false; errors: string[] };

export function asSaveReply(r: unknown): SaveReply {
  if (isRecord(r) && r['ok'] === true && looksLikeSettings(r['settings'])) {
    return { ok: true, reply: { settings: r['settings'], locked: strings(r['locked']), errors: strings(r['errors']) }, weakened: strings(r['weakened']) };
  }
  if (isRecord(r) && r['ok'] === false) return { ok: false, errors: strings(r['errors']) };
  throw new ReplyError('unexpected save reply');
}

export interface AuditQueryReply {
  records: AuditRecord[];
  /** Records dropped because the log was full; null when the store does not say. */
  dropped: number | null;
  total: number | null;
}

function isAuditRecord(x: unknown): x is AuditRecord {
  return isRecord(x) && typeof x['type'] === 'string' && typeof x['ts'] === 'string' && typeof x['id'] === 'string';
}

export function asAuditQueryReply(r: unknown): AuditQueryReply {
  const list: unknown = Array.isArray(r) ? r : isRecord(r) ? r['records'] : undefined;
  if (!Array.isArray(list)) throw new ReplyError('unexpected audit reply');
  const meta = isRecord(r) ? r : {};
  return { records: list.filter(isAuditRecord), dropped: numOrNull(meta['dropped']), total: numOrNull(meta['total']) };
}

export function asExportReply(r: unknown): { format: 'jsonl' | 'csv'; text: string } {
  if (isRecord(r) && (r['format'] === 'jsonl' || r['format'] === 'csv') && typeof r['text'] === 'string') {
    return { format: r['format'], text: r['text'] };
  }
  throw new ReplyError('unexpected export reply');
}

export interface ForwardReply {
  ok: boolean;
  status: number | null;
  error: string | null;
}

export function asForwardReply(r: unknown): ForwardReply {
  if (!isRecord(r) || typeof r['ok'] !== 'boolean') throw new ReplyError('unexpected forwarding reply');
  const error = typeof r['error'] === 'string' ? r['error'] : null;
  return { ok: r['ok'], status: numOrNull(r['status']), error };
}

export function asEndReply(r: unknown): { ended: number } {
  if (isRecord(r) && typeof r['ended'] === 'number') return { ended: r['ended'] };
  if (isRecord(r) && typeof r['ended'] === 'boolean') return { ended: r['ended'] ? 1 : 0 };
  throw new ReplyError('unexpected reply');
}
