// One queue for read-modify-writes that must not interleave: events arrive
// concurrently (two tabs closing at once), storage calls are async. Plain code,
// used by the background and by shared decisions that keep state (policy-audit.ts).
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const next = this.tail.then(task, task);
    this.tail = next.catch(() => undefined);
    return next;
  }
}
