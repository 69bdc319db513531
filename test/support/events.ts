import type { Observable } from 'rxjs';

/** Records a stream from now on, so a test can wait for an event whose id it learns later. */
export function recordEvents<T>(stream: Observable<T>) {
  const seen: T[] = [];
  const subscription = stream.subscribe((e) => seen.push(e));
  return {
    seen,
    async waitFor(predicate: (e: T) => boolean, count = 1, timeoutMs = 30_000): Promise<T[]> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const matches = seen.filter(predicate);
        if (matches.length >= count) return matches;
        if (Date.now() > deadline) throw new Error(`Saw ${matches.length} of ${count} expected events within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    stop: () => subscription.unsubscribe(),
  };
}
