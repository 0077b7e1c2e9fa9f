/**
 * Bounds for every wait in the benchmark: a workload that exceeds its limit fails the run with
 * a clear message instead of hanging it.
 */

export class DeadlineError extends Error {}

/** Resolves like `work`, or rejects with DeadlineError once `limitMs` has passed. */
export async function within<T>(work: Promise<T>, limitMs: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new DeadlineError(`${what} took longer than ${limitMs} ms`)),
      limitMs,
    );
  });
  try {
    return await Promise.race([work, expired]);
  } finally {
    clearTimeout(timer);
  }
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
