// Who sent a runtime message, decided before anything is parsed: only our own
// extension pages (ui.*) and our own content script in the top frame of a
// tab (cs.*) are heard; everything else is refused. Pure.

export interface SenderLike {
  id?: string | undefined;
  url?: string | undefined;
  frameId?: number | undefined;
  tab?: { id?: number | undefined } | undefined;
}

export type SenderKind =
  | { kind: 'page' }
  | { kind: 'content'; tabId: number; origin: string }
  | { kind: 'refused'; error: string };

/** @param extensionBase runtime.getURL('') of this extension */
export function classifySender(sender: SenderLike, runtimeId: string, extensionBase: string): SenderKind {
  if (sender.id !== runtimeId) return { kind: 'refused', error: 'foreign sender' };
  const url = sender.url ?? '';
  // The popup and options pages (also when opened as a tab).
  if (extensionBase !== '' && url.startsWith(extensionBase)) return { kind: 'page' };
  const tabId = sender.tab?.id;
  if (tabId === undefined || tabId < 0 || sender.frameId !== 0) return { kind: 'refused', error: 'not a top-level page' };
  let origin: string;
  try {
    origin = new URL(url).origin;
  } catch {
    return { kind: 'refused', error: 'no sender url' };
  }
  if (!/^https?:\/\//.test(origin)) return { kind: 'refused', error: 'not a web page' };
  return { kind: 'content', tabId, origin };
}
