// Message entry point. Every message is narrowed from `unknown` by schema and
// its sender is checked before anything happens: content-script messages only
// from our own content script in a top frame of a configured JOC origin,
// page messages only from our own extension pages.
import { ext, type MessageSender } from '../platform/browser.ts';
import { parseContentMessage, parseUiMessage, type ContentMessage, type UiMessage } from '../shared/messages.ts';
import { isConfiguredOrigin } from '../shared/settings/effective.ts';
import { handleContent } from './content-handlers.ts';
import { handleUi } from './ui-handlers.ts';
import { getEffective } from './settings-store.ts';

export type Verified =
  | { kind: 'content'; msg: ContentMessage; tabId: number; origin: string }
  | { kind: 'ui'; msg: UiMessage };

function extensionBase(): string {
  return ext.runtime.getURL('');
}

/** Pure-ish check, exported for tests of the rules. */
export async function verify(raw: unknown, sender: MessageSender): Promise<Verified | { error: string }> {
  if (sender.id !== ext.runtime.id) return { error: 'foreign sender' };
  const url = sender.url ?? '';
  if (url.startsWith(extensionBase())) {
    const parsed = parseUiMessage(raw);
    return parsed.ok ? { kind: 'ui', msg: parsed.value } : { error: `bad message: ${parsed.error}` };
  }
  const tabId = sender.tab?.id;
  if (tabId === undefined || sender.frameId !== 0) return { error: 'not a top-level page' };
  let origin: string;
  try {
    origin = new URL(url).origin;
  } catch {
    return { error: 'no sender url' };
  }
  const parsed = parseContentMessage(raw);
  if (!parsed.ok) return { error: `bad message: ${parsed.error}` };
  if (parsed.value.type === 'cs.e2e') {
    if (!__E2E__) return { error: 'unknown message' };
    return { kind: 'content', msg: parsed.value, tabId, origin };
  }
  // cs.start is answered for unconfigured origins too (joc:false) so the script stands aside.
  const { settings } = await getEffective();
  if (parsed.value.type !== 'cs.start' && !isConfiguredOrigin(settings, origin)) return { error: 'not a JOC origin' };
  return { kind: 'content', msg: parsed.value, tabId, origin };
}

export function registerRouter(): void {
  ext.runtime.onMessage.addListener((raw: unknown, sender: MessageSender) => {
    return (async () => {
      const v = await verify(raw, sender);
      if ('error' in v) return { error: v.error };
      return v.kind === 'ui' ? handleUi(v.msg) : handleContent(v.msg, v.tabId, v.origin);
    })().catch((err: unknown) => ({ error: err instanceof Error ? err.message : 'failed' }));
  });
}
