// Whether a JOC page continues a guarded page of the same tab, decided
// synchronously at document_start: the document was loaded as a reload
// (PerformanceNavigationTiming.type), and JOC Guard's flag is in the origin's
// own sessionStorage (the previous document of this tab was guarded).
// - A closed tab reopened, a tab restored after a restart or crash, Back and
//   Forward all load as `back_forward`; a new window, a link, a typed URL, or
//   a portal opening JOC in a named window load as `navigate` (measured in
//   Chromium 156 and Firefox ESR 153). None of them continues.
// - Another site cannot reload a JOC tab, and cannot write the flag (only the
//   JOC origin's own pages can); a window name counts for nothing, and the
//   page's own window.name is never touched.
// - Only sessionStorage tokens continue: the GUI never writes its token to
//   localStorage (JS7; 1.x since 1.11), and reads localStorage first, so a
//   token there is always taken out of reach (sweep.ts). Pure.

/** sessionStorage key of the flag (not a `$SOS$` key: JOC never reads it). */
export const GUARDED_KEY = 'jocguard.guarded';

export function isContinuing(navigationType: string | null, guardedFlag: string | null): boolean {
  return navigationType === 'reload' && guardedFlag !== null;
}
