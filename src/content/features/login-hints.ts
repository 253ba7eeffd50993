// The hints under the login form (hints.ts), kept in place while the GUI re-renders.
import { LoginHints, type HintState } from '../hints.ts';

export interface HintsFeature {
  init(state: Partial<HintState>, signal: AbortSignal): void;
  update(patch: Partial<HintState>): void;
}

export function createHintsFeature(): HintsFeature {
  const hints = new LoginHints();
  return {
    init(state, signal) {
      hints.update(state);
      const observer = new MutationObserver(() => hints.render());
      const observe = (): void => observer.observe(document.body, { childList: true, subtree: true });
      if (document.body) observe();
      else document.addEventListener('DOMContentLoaded', observe, { once: true, signal });
      signal.addEventListener('abort', () => {
        observer.disconnect();
        hints.stop();
      });
    },
    update: (patch) => hints.update(patch),
  };
}
