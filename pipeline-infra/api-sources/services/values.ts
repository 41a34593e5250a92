/** Reading API values the same way from SDK objects (Dates) and from JSON snapshots (strings, epoch numbers). */

/** An instant as ISO-8601, from a Date, an ISO string or epoch seconds (the AWS CLI's JSON) or milliseconds. */
export function iso(value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  const date = value instanceof Date ? value : typeof value === 'number' ? new Date(value < 1e11 ? value * 1000 : value) : new Date(String(value));
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

export function text(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}

/** Is an ISO instant inside the half-open range [from, to)? Open ends always match. */
export function within(instant: unknown, from?: string, to?: string): boolean {
  if (!from && !to) return true;
  if (typeof instant !== 'string') return false;
  const t = Date.parse(instant);
  return (!from || t >= Date.parse(from)) && (!to || t < Date.parse(to));
}

/** Newest first by a row's time column; rows without one last. */
export function newestFirst(column: string) {
  return (a: Record<string, unknown>, b: Record<string, unknown>): number => String(b[column] ?? '').localeCompare(String(a[column] ?? ''));
}

/** Ordered levels ("LOW" < "MEDIUM" < …): the levels at or above one, and a comparison. */
export function levels<L extends string>(order: readonly L[]) {
  const rank = (level: unknown) => order.indexOf(level as L);
  return {
    atLeast: (minimum: L) => order.slice(order.indexOf(minimum)),
    rank,
    /** Highest first. */
    compare: (a: unknown, b: unknown) => rank(b) - rank(a),
  };
}
