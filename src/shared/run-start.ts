// The first start of an extension run (browser start, install, update, enable)
// does work a later wake-up skips: content scripts registered again, every open
// JOC tab guarded, `extension.started` recorded. storage.session, which such a
// start empties, holds the mark that this work is done. The mark is set after the
// work (done, or failed), never before: a background stopped in between (Firefox suspends
// an idle event page, a worker is killed) leaves the next wake-up to do the work
// again (it is safe to repeat: a guarded page ignores a second guard), instead
// of leaving JOC tabs restored at browser start unguarded for the whole run.
import type { KeyValueArea } from './audit/kv-area.ts';

export const RUN_STARTED_KEY = 'runStarted';

export interface RunStart {
  /** True until the first start's work of this run has been completed. */
  fresh: boolean;
  /** Marks that work as over (call it after the work, also when it failed). Never rejects. */
  done: () => Promise<void>;
}

/** Reads whether this wake-up is the first start of the run. Never rejects: unreadable storage counts as fresh (the work is redone). */
export async function runStart(area: KeyValueArea): Promise<RunStart> {
  const marked = await area.get([RUN_STARTED_KEY]).then(
    (items) => items[RUN_STARTED_KEY] === true,
    () => false,
  );
  return {
    fresh: !marked,
    done: async () => {
      if (!marked) await area.set({ [RUN_STARTED_KEY]: true }).catch(() => undefined);
    },
  };
}
