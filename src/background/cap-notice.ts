// The notice a JOC page shows a few minutes before the session cap ends its
// session (issue 18), so the operator can save their work. Injected with
// scripting.executeScript into the top frame of each tab of the session: no
// `notifications` permission (README, "Permissions"), no change to the content
// script. `showCapNotice` is serialised by the browser and runs in the
// extension's isolated world: it must stay self-contained (no imports, no
// outer variables). Text only (textContent), in a closed shadow root that the
// page's styles cannot reach.
import { ext } from '../platform/browser.ts';

export interface CapNoticeText {
  title: string;
  /** `{at}`: the clock time the session ends. */
  body: string;
  dismiss: string;
}

export function capNoticeText(): CapNoticeText {
  return {
    title: ext.i18n.getMessage('capNoticeTitle'),
    body: ext.i18n.getMessage('capNoticeBody', ['{at}']),
    dismiss: ext.i18n.getMessage('capNoticeDismiss'),
  };
}

/** Shows the notice in a page, replacing an earlier one; it removes itself at `endsAt` or on Dismiss. */
export function showCapNotice(endsAt: number, text: CapNoticeText): void {
  const g = globalThis as { jocGuardCapNotice?: { stop(): void } };
  g.jocGuardCapNotice?.stop();
  for (const old of document.querySelectorAll('[data-joc-guard="cap-notice"]')) old.remove();
  const make = <K extends keyof HTMLElementTagNameMap>(tag: K, cls: string, content = ''): HTMLElementTagNameMap[K] => {
    const el = document.createElement(tag);
    el.className = cls;
    el.textContent = content;
    return el;
  };
  const host = document.createElement('div');
  host.setAttribute('data-joc-guard', 'cap-notice');
  host.setAttribute('data-ends-at', String(endsAt));
  const root = host.attachShadow({ mode: 'closed' });
  const style = make(
    'style',
    '',
    ':host{all:initial;position:fixed;top:8px;left:50%;transform:translateX(-50%);z-index:2147483647}' +
      '.box{font:14px/1.4 system-ui,sans-serif;display:flex;gap:12px;align-items:center;max-width:640px;padding:10px 14px;' +
      'border:2px solid #8a4b00;border-radius:6px;background:#fff4e0;color:#3d2000;box-shadow:0 2px 8px rgba(0,0,0,.3)}' +
      '.left{font-variant-numeric:tabular-nums;font-weight:700;font-size:18px}' +
      'button{font:inherit;padding:4px 10px;border:1px solid #3d2000;border-radius:4px;background:#fff;color:#3d2000;cursor:pointer}' +
      'button:focus-visible{outline:3px solid #0b57d0;outline-offset:2px}' +
      '@media (prefers-color-scheme:dark){.box{background:#3b2a12;color:#ffe7c2;border-color:#ffb74d}button{background:#1f1f1f;color:#ffe7c2;border-color:#ffe7c2}}',
  );
  const at = new Date(endsAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  const box = make('div', 'box');
  box.setAttribute('role', 'alert');
  const words = make('div', 'text');
  words.append(make('strong', '', text.title), document.createElement('br'), make('span', '', text.body.replace('{at}', at)));
  // The seconds tick visually only; a live region re-read every second would drown a screen reader.
  const left = make('span', 'left');
  left.setAttribute('aria-hidden', 'true');
  const dismiss = make('button', '', text.dismiss);
  dismiss.type = 'button';
  box.append(left, words, dismiss);
  root.append(style, box);
  const tick = (): void => {
    const s = Math.max(0, Math.ceil((endsAt - Date.now()) / 1000));
    left.textContent = `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
    if (s === 0) handle.stop();
  };
  const timer = setInterval(tick, 1000);
  const handle = {
    stop(): void {
      clearInterval(timer);
      host.remove();
      if (g.jocGuardCapNotice === handle) delete g.jocGuardCapNotice;
    },
  };
  g.jocGuardCapNotice = handle;
  dismiss.addEventListener('click', () => handle.stop());
  document.documentElement.append(host);
  tick();
}
