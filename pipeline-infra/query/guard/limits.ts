/** The most rows one query may return (DESIGN §3.3), and the cap when verbose columns are selected. */
export const MAX_ROWS = 20;
export const MAX_VERBOSE_ROWS = 5;

export function rowCap(verbose: boolean): number {
  return verbose ? MAX_VERBOSE_ROWS : MAX_ROWS;
}
