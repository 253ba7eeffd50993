// Timing marks for `npm run bench` (E2E builds only; release builds compile
// the body away): when JOC Guard heard an event and when it acted on it.
const marks: Record<string, number> = {};

export function perfMark(name: string): void {
  if (__E2E__) marks[name] = Date.now();
}

export function perfMarks(reset = false): Record<string, number> {
  const out = { ...marks };
  if (reset) for (const k of Object.keys(marks)) delete marks[k];
  return out;
}
