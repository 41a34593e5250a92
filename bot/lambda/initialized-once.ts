/**
 * A function's set-up, run on the first invocation and kept for the next ones. A set-up that
 * failed (an SSM call throttled at a cold start) is not kept: the next invocation tries again,
 * rather than the environment failing every invocation until Lambda recycles it.
 */
export function initializedOnce<T>(initialize: () => Promise<T>): () => Promise<T> {
  let initialized: Promise<T> | undefined;
  return () => {
    initialized ??= initialize().catch((error: unknown) => {
      initialized = undefined;
      throw error;
    });
    return initialized;
  };
}
