import type { Rewrite } from './check-statement.js';

/**
 * The guard's work on the statement's text. The parse tree decides what a statement does; the
 * text is only scanned for what the two engines could read differently, and edited where the
 * parser said.
 */

const MAX_SQL_LENGTH = 20_000;

/** The statement without surrounding blanks and trailing semicolons, or why it is refused. */
export function normalizeSqlText(sql: string): { ok: true; sql: string } | { ok: false; reason: string } {
  const trimmed = sql.trim().replace(/[\s;]+$/, '');
  if (trimmed === '') return { ok: false, reason: 'the statement is empty: send one SELECT … FROM cia_logs.<table> WHERE …' };
  if (trimmed.length > MAX_SQL_LENGTH) return { ok: false, reason: `the statement is longer than ${MAX_SQL_LENGTH} characters: ask for less, or aggregate` };
  const hidden = hiddenText(trimmed);
  return hidden ? { ok: false, reason: hidden } : { ok: true, sql: trimmed };
}

/**
 * Comments, E'…' escape strings and $…$ quoting are refused: DuckDB nests block comments and
 * reads backslash escapes where Trino does not, so the same text could hide different statements
 * from the two engines. Standard '…' strings and "…" identifiers read alike in both.
 */
function hiddenText(sql: string): string | undefined {
  // The native drivers take C strings: text after a NUL would never reach the parser.
  if (sql.includes('\0')) return 'the statement contains a NUL character: remove it';
  for (let i = 0; i < sql.length; i += 1) {
    const c = sql[i]!;
    const next = sql[i + 1];
    if (c === "'" || c === '"') {
      if (c === "'" && /[eE]/.test(sql[i - 1] ?? '') && !/[A-Za-z0-9_]/.test(sql[i - 2] ?? '')) {
        return "E'…' strings with backslash escapes are not allowed: write a standard '…' string (double a quote inside it: 'it''s')";
      }
      i = closingQuote(sql, i, c);
    } else if ((c === '-' && next === '-') || (c === '/' && next === '*')) {
      return 'comments (-- … and /* … */) are not allowed: send the statement without them';
    } else if (c === '$') {
      return '$ quoting and $1 parameters are not allowed: write values as standard \'…\' strings';
    }
  }
  return undefined;
}

/** The index of the quote that closes the string or identifier opened at `start` (a doubled quote is part of it). */
function closingQuote(sql: string, start: number, quote: string): number {
  for (let i = start + 1; i < sql.length; i += 1) {
    if (sql[i] !== quote) continue;
    if (sql[i + 1] !== quote) return i;
    i += 1;
  }
  return sql.length;
}

/** Applies the guard's rewrites at the parser's byte offsets, checking each lands where expected. */
export function applyRewrites(sql: string, rewrites: readonly Rewrite[]): { ok: true; sql: string } | { ok: false; reason: string } {
  let bytes = Buffer.from(sql, 'utf8');
  const located = rewrites.filter((r): r is Exclude<Rewrite, { kind: 'append_limit' }> => r.kind !== 'append_limit').sort((a, b) => b.location - a.location);
  for (const rewrite of located) {
    const rest = bytes.subarray(rewrite.location).toString('utf8');
    const match =
      rewrite.kind === 'drop_catalog'
        ? /^(?:"awsdatacatalog"|awsdatacatalog)\s*\.\s*/i.exec(rest)
        : /^\d+/.exec(rest);
    if (!Number.isSafeInteger(rewrite.location) || !match || (rewrite.kind === 'set_limit' && Number(match[0]) !== rewrite.from)) {
      return { ok: false, reason: 'write the table as cia_logs.<table> (no catalog prefix) and end the statement with a plain LIMIT 20' };
    }
    const replacement = rewrite.kind === 'drop_catalog' ? '' : String(rewrite.to);
    bytes = Buffer.concat([bytes.subarray(0, rewrite.location), Buffer.from(replacement), bytes.subarray(rewrite.location + Buffer.byteLength(match[0]))]);
  }
  const append = rewrites.find((r) => r.kind === 'append_limit');
  const text = bytes.toString('utf8');
  return { ok: true, sql: append ? `${text}\nLIMIT ${append.to}` : text };
}
