// Remember Me policy on the login form: under `forbid` the checkbox is
// unticked and disabled, and stays so through the GUI's late renders and
// re-renders. Storage-side enforcement lives in index.ts.
import { findLoginControls } from './login-form.ts';

const MARK = 'data-joc-guard-disabled';

export interface RememberGuard {
  stop(): void;
}

/**
 * @param onFirstDisable called once per page when the checkbox was found and disabled
 * @param onBypassAttempt called when something tries to tick it anyway
 */
export function guardRememberCheckbox(
  reason: string,
  onFirstDisable: () => void,
  onBypassAttempt: (how: string) => void,
): RememberGuard {
  let reported = false;
  const apply = (): HTMLInputElement | null => {
    const box = findLoginControls().remember;
    if (!box) return null;
    if (box.checked) {
      // Untick through a click so Angular's model follows the DOM.
      box.click();
      if (box.checked) box.checked = false;
    }
    if (!box.disabled) box.disabled = true;
    if (!box.hasAttribute(MARK)) {
      box.setAttribute(MARK, '');
      box.setAttribute('aria-disabled', 'true');
      const label = box.closest('label');
      (label ?? box).setAttribute('title', reason);
    }
    if (!reported) {
      reported = true;
      onFirstDisable();
    }
    return box;
  };

  // A click that reaches the checkbox anyway (e.g. the page re-enabled it).
  const onClick = (ev: Event): void => {
    const box = findLoginControls().remember;
    if (!box || !(ev.target instanceof Node) || !(box === ev.target || box.closest('label')?.contains(ev.target))) return;
    if (!box.checked && ev.isTrusted) {
      ev.preventDefault();
      ev.stopImmediatePropagation();
      onBypassAttempt('click');
    }
  };
  document.addEventListener('click', onClick, true);

  let scheduled = false;
  const observer = new MutationObserver(() => {
    if (scheduled) return;
    scheduled = true;
    queueMicrotask(() => {
      scheduled = false;
      apply();
    });
  });
  const start = (): void => {
    apply();
    observer.observe(document.documentElement, { childList: true, subtree: true, attributes: true, attributeFilter: ['disabled', 'class'] });
  };
  if (document.documentElement) start();
  else document.addEventListener('readystatechange', start, { once: true });
  // The checkbox's `checked` is a property, not an attribute: re-check periodically too.
  const timer = setInterval(apply, 1000);
  return {
    stop(): void {
      observer.disconnect();
      clearInterval(timer);
      document.removeEventListener('click', onClick, true);
    },
  };
}
