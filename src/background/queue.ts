// One queue for every read-modify-write of the background's state: events
// arrive concurrently (two tabs closing at once), storage calls are async.
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const next = this.tail.then(task, task);
    this.tail = next.catch(() => undefined);
    return next;
  }
}
