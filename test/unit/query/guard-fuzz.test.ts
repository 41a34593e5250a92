import { DuckDbSqlParser, guardSql } from '../../../pipeline-infra/query/guard/index.js';
import { HOSTILE_SEEDS, LEGIT, hostileStatements } from '../../support/sql-fuzz.js';

const STATEMENTS = 10_000;

describe('the query guard under fuzzing', () => {
  let parser: DuckDbSqlParser;
  beforeAll(async () => {
    parser = await DuckDbSqlParser.open();
  });
  afterAll(() => parser.close());

  it('accepts the statement the mutations combine seeds with (so refusals are about the seeds)', async () => {
    expect(await guardSql(LEGIT, parser)).toMatchObject({ ok: true });
  });

  it(`refuses all ${STATEMENTS.toLocaleString('en-US')} mutated hostile statements (${HOSTILE_SEEDS.length} seeds × case, whitespace, nesting, extra statements, quoting, prefixes, invisible characters)`, async () => {
    const accepted: Array<{ index: number; seed: string; sql: string; ran: string }> = [];
    const started = performance.now();
    for (const statement of hostileStatements(STATEMENTS, 20261122)) {
      const result = await guardSql(statement.sql, parser);
      if (result.ok) accepted.push({ ...statement, ran: result.sql });
    }
    const seconds = (performance.now() - started) / 1000;
    // The figure the README's security section reports.
    console.log(`sql guard fuzz: ${STATEMENTS} hostile statements from ${HOSTILE_SEEDS.length} seeds, ${accepted.length} accepted, ${seconds.toFixed(1)} s`);
    expect(accepted.slice(0, 5)).toEqual([]);
  }, 300_000);
});
