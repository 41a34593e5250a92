/** One dependency the bot needs, checked with a cheap round trip. */
export interface HealthCheck {
  name: string;
  check(): Promise<void>;
}

export interface HealthResult {
  name: string;
  up: boolean;
  ms: number;
  error?: string;
}

/** Runs every check at once, each bounded by a timeout so a hung dependency reads as down. */
export async function runHealthChecks(checks: HealthCheck[], timeoutMs = 2000): Promise<HealthResult[]> {
  return Promise.all(
    checks.map(async ({ name, check }) => {
      const started = performance.now();
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          check(),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
          }),
        ]);
        return { name, up: true, ms: Math.round(performance.now() - started) };
      } catch (error) {
        return { name, up: false, ms: Math.round(performance.now() - started), error: (error as Error).message };
      } finally {
        clearTimeout(timer);
      }
    }),
  );
}
