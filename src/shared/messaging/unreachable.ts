// What a failed message from a content script to the background means. "Receiving
// end does not exist" is also what Firefox answers while it suspends an idle event
// page (seen in an end-to-end run: a message sent as the page went idle), and a
// Chromium worker can be between two lives in the same way: the background is
// away for a moment, not gone. Only an extension that was reloaded, updated or
// disabled under the page is gone, and then its runtime id is gone too. A content
// script that took the first for the second stopped guarding a live JOC page.

/** Whether the content script should stop for good after a failed message (else: keep its safe state, ask again later). */
export function contextGone(err: unknown, runtimeAlive: boolean): boolean {
  if (!runtimeAlive) return true;
  const msg = err instanceof Error ? err.message : String(err);
  return /extension context invalidated/i.test(msg);
}

/** Pauses before asking the background again for the page's start (ms), by attempt (0-based); null: stop asking. */
export function startRetryDelay(attempt: number): number | null {
  if (!Number.isInteger(attempt) || attempt < 0 || attempt >= START_RETRY_DELAYS.length) return null;
  return START_RETRY_DELAYS[attempt] ?? null;
}

/** About a minute in all: longer than a Firefox event page or a Chromium worker takes to come back under load. */
const START_RETRY_DELAYS = [250, 500, 1000, 2000, 4000, 8000, 15_000, 30_000] as const;
