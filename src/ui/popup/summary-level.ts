// Overall certificate level for the popup. The background's `certs.level` is
// per tab and 'none' until the tab reported anything; the registered client
// certificates are known before that, so they count too. Pure.
import type { Level } from '../../shared/cert/types.ts';
import type { PopupState } from '../../shared/popup/state.ts';

const RANK: Record<Level | 'none', number> = { none: -1, ok: 0, warning: 1, error: 2 };

export function certSummaryLevel(certs: PopupState['certs']): Level | 'none' {
  const levels: Array<Level | 'none'> = [certs.level, ...certs.client.map((c) => c.level)];
  if (certs.server) levels.push(certs.server.level);
  if (certs.failure) levels.push(certs.failure.level);
  return levels.reduce<Level | 'none'>((w, l) => (RANK[l] > RANK[w] ? l : w), 'none');
}

/** The registered client certificates alone (ranks the popup's certificate section). */
export function clientCertsLevel(certs: PopupState['certs']): Level | 'none' {
  return certs.client.reduce<Level | 'none'>((w, c) => (RANK[c.level] > RANK[w] ? c.level : w), 'none');
}
