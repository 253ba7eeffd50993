// Polls ui.state once a second: the session countdown and late failures stay current.
import { useCallback, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { PopupState } from '../../shared/popup/state.ts';
import { api } from './api.ts';
import { errorText } from '../common/api.ts';
import { runTask } from '../../shared/run-task.ts';

export interface PopupData {
  state: PopupState | null;
  error: string | null;
  now: number;
  refresh: () => Promise<void>;
}

/** `first`: an already sent request for the first state (see first-state.ts). */
export function usePopupState(tabId: number | null, first?: Promise<PopupState>): PopupData {
  const [state, setState] = useState<PopupState | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const busy = useRef(false);
  const pending = useRef(first);

  const refresh = useCallback(async () => {
    if (busy.current) return; // a slow worker start must not pile up requests
    busy.current = true;
    try {
      const early = pending.current;
      pending.current = undefined;
      setState(await (early ?? api.state(tabId)));
      setError(null);
    } catch (err) {
      setError(errorText(err));
    } finally {
      busy.current = false;
      setNow(Date.now());
    }
  }, [tabId]);

  // A layout effect runs right after the first render, not after the next
  // frame: the early reply is taken up as soon as it arrives.
  useLayoutEffect(() => {
    runTask('popup state', refresh());
    const id = setInterval(() => {
      setNow(Date.now());
      runTask('popup state', refresh());
    }, 1000);
    return () => clearInterval(id);
  }, [refresh]);

  return { state, error, now, refresh };
}
