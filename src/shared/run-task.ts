// Runs work that nobody awaits (an event listener's job, a timer's) and
// reports its failure on the console with the task's name; never the data it
// worked on (a long run of token-like characters in a message is cut out).

function describe(err: unknown): string {
  if (!(err instanceof Error)) return 'unknown error';
  const msg = err.message.slice(0, 120).replace(/[A-Za-z0-9_+/=.-]{16,}/g, '…');
  return `${err.name}: ${msg}`;
}

export function reportFailure(name: string, err: unknown): void {
  console.error(`JOC Guard: ${name} failed (${describe(err)})`);
}

export function runTask(name: string, task: Promise<unknown> | (() => Promise<unknown>)): void {
  const p = typeof task === 'function' ? Promise.resolve().then(task) : task;
  p.catch((err: unknown) => reportFailure(name, err));
}
