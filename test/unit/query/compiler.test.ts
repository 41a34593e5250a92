import { AWS_REGIONS, compileQuerySpec, QueryCompileError, type SqlDialect } from '../../../pipeline-infra/query/compiler.js';
import { DuckDbSqlParser } from '../../../pipeline-infra/query/guard/index.js';
import type { QuerySpecInput } from '../../../pipeline-infra/query/query-spec.js';

const ACCOUNT = '111111111111';
const DAY = { from: '2023-07-10T00:00:00Z', to: '2023-07-11T00:00:00Z' };

function compile(spec: Partial<QuerySpecInput> & { table: string }, dialect: SqlDialect = 'duckdb') {
  return compileQuerySpec({ time: DAY, accounts: [ACCOUNT], ...spec } as never, dialect);
}
const sql = (spec: Partial<QuerySpecInput> & { table: string }, dialect: SqlDialect = 'duckdb') => compile(spec, dialect).sql;
const compileError = (spec: Partial<QuerySpecInput> & { table: string }, dialect: SqlDialect = 'duckdb') => {
  try {
    compile(spec, dialect);
  } catch (error) {
    if (error instanceof QueryCompileError) return error.message;
    throw error;
  }
  throw new Error('expected a QueryCompileError');
};
/** The WHERE clause over the table: inside the de-duplication subquery when there is one. */
const where = (text: string) => (/ WHERE (.*)\) AS deduplicated/.exec(text) ?? /\nWHERE (.*)\n/.exec(text))![1]!;

describe('partition predicates from the time range', () => {
  it('lists the days of one month', () => {
    expect(where(sql({ table: 'flowlogs', regions: ['us-east-1'], time: { from: '2023-07-10T05:00:00Z', to: '2023-07-12T01:00:00Z' } }))).toContain("(year = '2023' AND month = '07' AND day IN ('10', '11', '12'))");
  });

  it('splits days across a month end and a year end', () => {
    expect(where(sql({ table: 'flowlogs', regions: ['us-east-1'], time: { from: '2023-07-30T10:00:00Z', to: '2023-08-02T00:00:00Z' } })))
      .toContain("((year = '2023' AND month = '07' AND day IN ('30', '31')) OR (year = '2023' AND month = '08' AND day = '01'))");
    expect(where(sql({ table: 'flowlogs', regions: ['us-east-1'], time: { from: '2023-12-31T23:00:00Z', to: '2024-01-01T01:00:00Z' } })))
      .toContain("((year = '2023' AND month = '12' AND day = '31') OR (year = '2024' AND month = '01' AND day = '01'))");
  });

  it('counts days in UTC from offsets, and leaves out a day the range ends at midnight of', () => {
    expect(where(sql({ table: 'flowlogs', regions: ['us-east-1'], time: { from: '2023-07-10T23:30:00-02:00', to: '2023-07-12T00:00:00Z' } }))).toContain("day = '11'");
  });

  it('lists days up to 62 of them, whole months beyond, with every day of them', () => {
    const sixtyTwo = where(sql({ table: 'flowlogs', regions: ['us-east-1'], time: { from: '2023-07-01T00:00:00Z', to: '2023-09-01T00:00:00Z' } }));
    expect(sixtyTwo).toMatch(/month = '08' AND day IN \('01', .*'31'\)/);
    const sixtyThree = where(sql({ table: 'flowlogs', regions: ['us-east-1'], time: { from: '2023-07-01T00:00:00Z', to: '2023-09-02T00:00:00Z' } }));
    expect(sixtyThree).toContain("(year = '2023' AND month IN ('07', '08', '09')) AND day BETWEEN '01' AND '31'");
    const acrossYears = where(sql({ table: 'cloudtrail_logs', regions: ['us-east-1'], time: { from: '2022-11-15T00:00:00Z', to: '2023-02-10T00:00:00Z' } }, 'athena'));
    expect(acrossYears).toContain("((year = '2022' AND month IN ('11', '12')) OR (year = '2023' AND month IN ('01', '02'))) AND day BETWEEN '01' AND '31'");
  });

  it('uses months only for tables partitioned by year and month', () => {
    expect(where(sql({ table: 'cloudwatch_logs', filters: [{ column: 'loggroup', op: 'eq', value: '/aws/lambda/checkout' }], time: { from: '2023-12-30T00:00:00Z', to: '2024-01-02T00:00:00Z' } })))
      .toContain("((year = '2023' AND month = '12') OR (year = '2024' AND month = '01'))");
  });

  it('lists billing periods for the CUR', () => {
    expect(where(sql({ table: 'cur_data', time: { from: '2023-11-20T00:00:00Z', to: '2024-02-01T00:00:00Z' } }))).toContain("billing_period IN ('2023-11', '2023-12', '2024-01')");
  });
});

describe('the exact time predicate, by encoding', () => {
  const range = { from: '2023-07-10T10:00:00.250Z', to: '2023-07-10T11:30:00Z' };
  it('compares ISO text to the second, so millisecond timestamps sort right', () => {
    expect(where(sql({ table: 'config_logs', time: range }))).toContain("configurationitemcapturetime >= '2023-07-10T10:00:00' AND configurationitemcapturetime < '2023-07-10T11:30:00'");
  });
  it('compares epoch seconds and epoch milliseconds as numbers', () => {
    expect(where(sql({ table: 'flowlogs', regions: ['us-east-1'], time: range }))).toContain('start >= 1688983201 AND start < 1688988600');
    expect(where(sql({ table: 'cloudwatch_logs', filters: [{ column: 'loggroup', op: 'eq', value: 'g' }], time: range }))).toContain('log_event."timestamp" >= 1688983200250 AND log_event."timestamp" < 1688988600000');
  });
  it('compares timestamps with TIMESTAMP literals', () => {
    expect(where(sql({ table: 'cur_data', time: range }))).toContain("line_item_usage_start_date >= TIMESTAMP '2023-07-10 10:00:00.250' AND line_item_usage_start_date < TIMESTAMP '2023-07-10 11:30:00'");
  });
  it('refuses an empty or inverted range', () => {
    expect(compileError({ table: 'config_logs', time: { from: DAY.to, to: DAY.from } })).toContain('must be before');
  });
});

describe('accounts, regions and log groups', () => {
  it('puts accounts and regions on the partition keys', () => {
    const text = where(sql({ table: 'cloudtrail_logs', accounts: [ACCOUNT, '222222222222'], regions: ['us-east-1'] }));
    expect(text).toContain("account_id IN ('111111111111', '222222222222') AND region = 'us-east-1'");
  });

  it('states "every account / region / log group" as the whole key space in DuckDB', () => {
    const text = where(sql({ table: 'cloudwatch_logs', accounts: [] }));
    expect(text).toContain("account_id BETWEEN '000000000000' AND '999999999999' AND log_group > ''");
    expect(where(sql({ table: 'cloudtrail_logs' }))).toContain("region > ''");
  });

  it('lists the AWS regions for Athena, whose injected projection needs values, and asks for accounts and log groups', () => {
    expect(where(sql({ table: 'cloudtrail_logs' }, 'athena'))).toContain(`region IN (${AWS_REGIONS.map((r) => `'${r}'`).join(', ')})`);
    expect(compileError({ table: 'cloudtrail_logs', accounts: [] }, 'athena')).toContain('list the accounts');
    expect(compileError({ table: 'cloudwatch_logs' }, 'athena')).toContain('"column":"loggroup"');
  });

  it('turns a log group filter into its partition value', () => {
    expect(where(sql({ table: 'cloudwatch_logs', filters: [{ column: 'loggroup', op: 'in', value: ['/aws/lambda/checkout', '/ecs/web api'] }] }))).toContain("log_group IN ('aws_lambda_checkout', 'ecs_web_api')");
  });

  it('filters the row columns of tables not partitioned by account or region', () => {
    expect(where(sql({ table: 'cur_data', regions: ['eu-west-1'] }))).toContain("line_item_usage_account_id = '111111111111' AND product_region_code = 'eu-west-1'");
    expect(where(sql({ table: 'config_logs', regions: ['eu-west-1', 'us-east-1'] }))).toContain("awsregion IN ('eu-west-1', 'us-east-1')");
    expect(where(sql({ table: 'cur_data', accounts: [] }))).not.toContain('line_item_usage_account_id');
  });
});

describe('columns', () => {
  it('selects a sensible default set per table, newest first', () => {
    const text = sql({ table: 'flowlogs', regions: ['us-east-1'] });
    expect(text).toMatch(/^SELECT start, srcaddr, dstaddr, srcport, dstport, protocol, action, bytes, packets, account_id, interface_id\nFROM cia_logs\.flowlogs\n/);
    expect(text).toContain('ORDER BY start DESC');
    expect(sql({ table: 'cloudtrail_logs' })).toMatch(/^SELECT eventtime, useridentity_arn, eventname, eventsource, errorcode, sourceipaddress, awsregion, recipientaccountid\n/);
  });

  it('names outputs by alias, or by the path with dots as underscores, quoting where needed', () => {
    const text = sql({ table: 'flowlogs', regions: ['us-east-1'], select: [{ column: 'end' }, { column: 'srcaddr', as: 'source' }, { column: 'dstaddr', as: 'select' }] });
    expect(text).toMatch(/^SELECT "end", srcaddr AS source, dstaddr AS "select"\n/);
    expect(sql({ table: 'config_logs', select: [{ column: 'configuration.a.b' }] })).toMatch(/^SELECT json_extract_string\(configuration, '\$\.a\.b'\) AS configuration_a_b\n/);
  });

  it('reads paths inside JSON columns in each dialect, keys with dashes included', () => {
    const duck = sql({ table: 'config_logs', select: [{ column: 'configuration.ip-permissions.from_port', as: 'port' }] });
    expect(duck).toContain(`json_extract_string(configuration, '$."ip-permissions".from_port') AS port`);
    const athena = sql({ table: 'config_logs', select: [{ column: 'configuration.ip-permissions.from_port', as: 'port' }] }, 'athena');
    expect(athena).toContain(`COALESCE(json_extract_scalar(configuration, '$["ip-permissions"].from_port'), json_format(json_extract(configuration, '$["ip-permissions"].from_port'))) AS port`);
  });

  it('unnests CloudWatch log events so log_event.field reads the same in both dialects', () => {
    const spec = { table: 'cloudwatch_logs', filters: [{ column: 'loggroup', op: 'eq' as const, value: 'g' }], select: [{ column: 'log_event.message' }] };
    expect(sql(spec)).toContain('FROM cia_logs.cloudwatch_logs CROSS JOIN UNNEST(logevents) AS t(log_event)');
    expect(sql(spec, 'athena')).toContain('FROM cia_logs.cloudwatch_logs CROSS JOIN UNNEST(logevents) AS log_event(id, "timestamp", message)');
  });

  it('refuses unknown columns, naming the table\'s columns', () => {
    expect(compileError({ table: 'flowlogs', select: [{ column: 'nosuchcolumn' }] })).toMatch(/flowlogs has no column "nosuchcolumn"; its columns include version, account_id/);
    expect(compileError({ table: 'flowlogs', order_by: [{ column: "x'); DROP VIEW y; --", direction: 'asc' }] })).toContain('has no column');
  });
});

describe('filters', () => {
  const filtered = (filter: object, table = 'cloudtrail_logs', dialect: SqlDialect = 'duckdb') => {
    // The filter comes right after the time predicate, last in the WHERE clause over the table.
    const [, filterSql] = where(sql({ table, filters: [filter as never] }, dialect)).split(/ < (?:'[^']*'|\d+) AND /);
    return filterSql;
  };

  it.each([
    [{ column: 'eventname', op: 'eq', value: 'RunInstances' }, "eventname = 'RunInstances'"],
    [{ column: 'errorcode', op: 'neq', value: 'AccessDenied' }, "errorcode IS DISTINCT FROM 'AccessDenied'"],
    [{ column: 'eventname', op: 'in', value: ['StopInstances', 'TerminateInstances'] }, "eventname IN ('StopInstances', 'TerminateInstances')"],
    [{ column: 'eventname', op: 'not_in', value: ['A', 'B'] }, "(eventname IS NULL OR eventname NOT IN ('A', 'B'))"],
    [{ column: 'useragent', op: 'contains', value: 'aws-cli' }, "useragent LIKE '%aws-cli%' ESCAPE '\\'"],
    [{ column: 'useragent', op: 'not_contains', value: 'console' }, "(useragent IS NULL OR useragent NOT LIKE '%console%' ESCAPE '\\')"],
    [{ column: 'useridentity.arn', op: 'starts_with', value: 'arn:aws:sts::' }, "useridentity.arn LIKE 'arn:aws:sts::%' ESCAPE '\\'"],
    [{ column: 'eventsource', op: 'ends_with', value: '.amazonaws.com' }, "eventsource LIKE '%.amazonaws.com' ESCAPE '\\'"],
    [{ column: 'errorcode', op: 'is_null' }, 'errorcode IS NULL'],
    [{ column: 'errorcode', op: 'is_not_null' }, 'errorcode IS NOT NULL'],
    [{ column: 'eventtime', op: 'gt', value: '2023-07-10T12' }, "eventtime > '2023-07-10T12'"],
    [{ column: 'eventtime', op: 'lte', value: '2023-07-10T13' }, "eventtime <= '2023-07-10T13'"],
  ])('%j', (filter, expected) => {
    expect(filtered(filter)).toBe(expected);
  });

  it('compares numbers as numbers, also inside JSON', () => {
    expect(filtered({ column: 'dstport', op: 'gte', value: 1024 }, 'flowlogs')).toBe('dstport >= 1024');
    expect(filtered({ column: 'bytes', op: 'lt', value: '5000' }, 'flowlogs')).toBe('bytes < 5000');
    expect(filtered({ column: 'requestparameters.maxCount', op: 'gt', value: 5 })).toBe("TRY_CAST(json_extract_string(requestparameters, '$.maxCount') AS DOUBLE) > 5");
    expect(compileError({ table: 'flowlogs', filters: [{ column: 'dstport', op: 'eq', value: 'ssh' }] })).toContain('not a number');
  });

  it('ignores case with lower() on both sides', () => {
    expect(filtered({ column: 'eventname', op: 'in', value: ['a', 'B'], ignore_case: true })).toBe("lower(eventname) IN (lower('a'), lower('B'))");
    expect(filtered({ column: 'useragent', op: 'contains', value: 'CLI', ignore_case: true })).toBe("lower(useragent) LIKE lower('%CLI%') ESCAPE '\\'");
  });

  it('searches a JSON column in its text, and structures as JSON text in Athena', () => {
    expect(filtered({ column: 'requestparameters', op: 'contains', value: '0.0.0.0/0' })).toBe("requestparameters LIKE '%0.0.0.0/0%' ESCAPE '\\'");
    expect(filtered({ column: 'resources', op: 'contains', value: 'bucket' })).toBe("CAST(resources AS VARCHAR) LIKE '%bucket%' ESCAPE '\\'");
    expect(filtered({ column: 'resources', op: 'contains', value: 'bucket' }, 'cloudtrail_logs', 'athena')).toBe("json_format(CAST(resources AS JSON)) LIKE '%bucket%' ESCAPE '\\'");
  });

  it('says what is wrong with a filter', () => {
    expect(compileError({ table: 'cloudtrail_logs', filters: [{ column: 'eventname', op: 'eq' }] })).toContain('needs a value');
    expect(compileError({ table: 'cloudtrail_logs', filters: [{ column: 'eventname', op: 'eq', value: ['a', 'b'] }] })).toContain('use "in"');
    expect(compileError({ table: 'cloudtrail_logs', filters: [{ column: 'useridentity', op: 'eq', value: 'x' }] })).toContain('filter on one of its fields');
    expect(compileError({ table: 'cloudtrail_logs', filters: [{ column: "requestparameters.a'b", op: 'eq', value: 'x' }] })).toContain('invalid query spec');
  });
});

describe('hostile values', () => {
  const hostile = [
    "x'); DROP TABLE cia_logs.cloudtrail_logs; --",
    "' OR '1'='1",
    "''''",
    'back\\slash\\\' and "double" quotes',
    "/* not a comment */ -- nor this\n; SELECT 1",
    'ünïcödé ✓ 😀 ﬁ',
    '50%_off\\%',
  ];

  let parser: DuckDbSqlParser;
  beforeAll(async () => {
    parser = await DuckDbSqlParser.open();
  });
  afterAll(() => parser.close());

  /** Every VARCHAR constant in a syntax tree. */
  const constants = (tree: unknown): string[] => {
    const found: string[] = [];
    const walk = (value: unknown): void => {
      if (Array.isArray(value)) return value.forEach(walk);
      if (value === null || typeof value !== 'object') return;
      const node = value as Record<string, unknown>;
      const inner = node.value as { value?: unknown } | undefined;
      if (node.class === 'CONSTANT' && typeof inner?.value === 'string') found.push(inner.value);
      Object.values(node).forEach(walk);
    };
    walk(tree);
    return found;
  };

  it.each(hostile)('%j stays one literal in both dialects', async (value) => {
    for (const dialect of ['duckdb', 'athena'] as const) {
      const text = sql({ table: 'cloudtrail_logs', filters: [{ column: 'eventname', op: 'eq', value }, { column: 'requestparameters.bucketName', op: 'in', value: [value, 'ok'] }] }, dialect);
      const tree = (await parser.parse(text)) as { error: boolean; statements: unknown[] };
      expect(tree.error).toBe(false);
      expect(tree.statements).toHaveLength(1);
      expect(constants(tree).filter((c) => c === value)).toHaveLength(2);
    }
  });

  it('escapes LIKE wildcards so they match themselves', () => {
    expect(sql({ table: 'flowlogs', filters: [{ column: 'action', op: 'contains', value: '50%_off\\' }] })).toContain("action LIKE '%50\\%\\_off\\\\%' ESCAPE '\\'");
  });

  it('refuses a NUL, which would cut the statement short in the native drivers', () => {
    expect(() => compile({ table: 'flowlogs', filters: [{ column: 'action', op: 'eq', value: 'a\0b' }] })).toThrow(/NUL/);
  });
});

describe('de-duplication', () => {
  it('keeps one row per CloudTrail event identity, filtering before and limiting after', () => {
    const text = sql({ table: 'cloudtrail_logs', regions: ['us-east-1'], select: [{ column: 'eventname' }, { column: 'useridentity.arn', as: 'who' }], filters: [{ column: 'eventname', op: 'eq', value: 'DeleteBucket' }] });
    expect(text).toBe([
      'SELECT eventname, useridentity_arn AS who',
      "FROM (SELECT eventname, useridentity.arn AS useridentity_arn, eventtime, row_number() OVER (PARTITION BY eventid, eventtime, recipientaccountid, awsregion, eventsource, eventname) AS cia_row FROM cia_logs.cloudtrail_logs WHERE (year = '2023' AND month = '07' AND day = '10') AND account_id = '111111111111' AND region = 'us-east-1' AND eventtime >= '2023-07-10T00:00:00' AND eventtime < '2023-07-11T00:00:00' AND eventname = 'DeleteBucket') AS deduplicated",
      'WHERE cia_row = 1',
      'ORDER BY eventtime DESC',
      'LIMIT 20',
    ].join('\n'));
  });

  it('aggregates over the de-duplicated rows', () => {
    const text = sql({ table: 'cloudtrail_logs', group_by: ['useridentity.username'], aggregates: [{ fn: 'count', as: 'calls' }, { fn: 'count_distinct', column: 'eventname', as: 'actions' }] });
    expect(text).toMatch(/^SELECT useridentity_username, count\(\*\) AS calls, count\(DISTINCT eventname\) AS actions\nFROM \(SELECT useridentity\.username AS useridentity_username, eventname, row_number\(\)/);
    expect(text).toContain('\nWHERE cia_row = 1\nGROUP BY useridentity_username\nORDER BY calls DESC\nLIMIT 20');
  });

  it('counts de-duplicated rows when nothing else is selected', () => {
    expect(sql({ table: 'cloudtrail_logs', aggregates: [{ fn: 'count', as: 'events' }] })).toMatch(/^SELECT count\(\*\) AS events\nFROM \(SELECT row_number\(\) OVER \(PARTITION BY [^)]*\) AS cia_row FROM cia_logs\.cloudtrail_logs WHERE /);
  });

  it('uses the finding id and update time for GuardDuty, and nothing for tables without a dedupe key', () => {
    expect(sql({ table: 'guardduty_findings' })).toContain('PARTITION BY detail.id, detail.updatedat, detail.accountid, detail.region');
    expect(sql({ table: 'flowlogs' })).not.toContain('row_number');
  });
});

describe('limits, grouping and ordering', () => {
  it('caps LIMIT at 20, or 5 when a verbose column (or a structure holding one) is selected', () => {
    expect(compile({ table: 'cloudtrail_logs', limit: 1000 })).toMatchObject({ verbose: false, sql: expect.stringMatching(/\nLIMIT 20$/) });
    expect(compile({ table: 'cloudtrail_logs', limit: 3 }).sql).toMatch(/\nLIMIT 3$/);
    expect(compile({ table: 'cloudtrail_logs', select: [{ column: 'requestparameters' }], limit: 100 })).toMatchObject({ verbose: true, sql: expect.stringMatching(/\nLIMIT 5$/) });
    expect(compile({ table: 'guardduty_findings', select: [{ column: 'detail' }] })).toMatchObject({ verbose: true });
    expect(compile({ table: 'cloudtrail_logs', select: [{ column: 'requestparameters.bucketName' }] })).toMatchObject({ verbose: false });
    expect(compile({ table: 'flowlogs', aggregates: [{ fn: 'count', column: 'bytes', as: 'n' }] })).toMatchObject({ verbose: false });
  });

  it('selects the grouped columns by default and orders by the first aggregate', () => {
    expect(sql({ table: 'flowlogs', regions: ['us-east-1'], group_by: ['srcaddr', 'dstport'], aggregates: [{ fn: 'sum', column: 'bytes', as: 'total' }, { fn: 'max', column: 'packets', as: 'peak' }] }))
      .toMatch(/^SELECT srcaddr, dstport, sum\(bytes\) AS total, max\(packets\) AS peak\nFROM cia_logs\.flowlogs\nWHERE .*\nGROUP BY srcaddr, dstport\nORDER BY total DESC\nLIMIT 20$/);
  });

  it('orders by aliases, selected paths and, without grouping, any column', () => {
    expect(sql({ table: 'flowlogs', select: [{ column: 'srcaddr', as: 'src' }], order_by: [{ column: 'srcaddr', direction: 'asc' }] })).toContain('ORDER BY src ASC');
    expect(sql({ table: 'flowlogs', select: [{ column: 'srcaddr' }], order_by: [{ column: 'bytes', direction: 'desc' }] })).toContain('ORDER BY bytes DESC');
    expect(sql({ table: 'flowlogs', group_by: ['srcaddr'], aggregates: [{ fn: 'avg', column: 'bytes', as: 'mean' }], order_by: [{ column: 'mean', direction: 'asc' }] })).toContain('ORDER BY mean ASC');
  });

  it('explains grouping mistakes', () => {
    expect(compileError({ table: 'flowlogs', select: [{ column: 'dstaddr' }], group_by: ['srcaddr'], aggregates: [{ fn: 'count', as: 'n' }] })).toContain('"dstaddr" is selected but not grouped');
    expect(compileError({ table: 'flowlogs', group_by: ['srcaddr'], aggregates: [{ fn: 'count', as: 'n' }], order_by: [{ column: 'bytes', direction: 'desc' }] })).toContain('cannot order by "bytes"');
    expect(compileError({ table: 'flowlogs', select: [{ column: 'srcaddr', as: 'n' }, { column: 'dstaddr', as: 'n' }] })).toContain('two output columns are named "n"');
    expect(compileError({ table: 'flowlogs', aggregates: [{ fn: 'sum', column: 'action', as: 's' }] })).toContain('needs a numeric column');
    expect(compileError({ table: 'flowlogs', aggregates: [{ fn: 'max', as: 'm' }] })).toContain('needs a column');
  });

  it('selects DISTINCT rows', () => {
    expect(sql({ table: 'flowlogs', select: [{ column: 'srcaddr' }], distinct: true })).toMatch(/^SELECT DISTINCT srcaddr\n(?!.*ORDER BY)/s);
  });

  it('is deterministic', () => {
    const spec = { table: 'cloudtrail_logs', accounts: ['222222222222', ACCOUNT], regions: ['eu-west-1', 'us-east-1'], filters: [{ column: 'eventname', op: 'in' as const, value: ['B', 'A'] }] };
    expect(sql(spec)).toBe(sql(spec));
    expect(sql(spec, 'athena')).toBe(sql(spec, 'athena'));
  });
});

describe('names that are SQL keywords', () => {
  it('quotes every DuckDB keyword used as an alias, so the statement still parses', async () => {
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    const parser = await DuckDbSqlParser.open();
    try {
      const rows = (await connection.runAndReadAll(`SELECT keyword_name FROM duckdb_keywords() WHERE keyword_category <> 'unreserved'`)).getRowObjectsJson();
      const keywords = rows.map((r) => String(r.keyword_name)).filter((k) => /^[a-z_][a-z0-9_]{0,62}$/.test(k));
      expect(keywords.length).toBeGreaterThan(100);
      const unparsed: string[] = [];
      for (const keyword of keywords) {
        const text = sql({ table: 'flowlogs', select: [{ column: 'srcaddr', as: keyword }], group_by: ['srcaddr'], aggregates: [{ fn: 'count', as: `${keyword}_n` }], order_by: [{ column: keyword, direction: 'asc' }] });
        if ((await parser.parse(text) as { error: boolean }).error) unparsed.push(keyword);
      }
      expect(unparsed).toEqual([]);
    } finally {
      parser.close();
      connection.closeSync();
      instance.closeSync();
    }
  });
});
