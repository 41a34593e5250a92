import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  GetWorkGroupCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
  type QueryExecutionState,
} from '@aws-sdk/client-athena';
import { QueryEngineError } from '../../../pipeline-infra/query/engine.js';
import { AthenaEngine, typedValue, type AthenaCommand, type AthenaSender } from '../../../pipeline-infra/query/engines/athena-engine.js';

// The real client fits the engine's interface (checked by the compiler, no network).
const real: AthenaSender = new AthenaClient({ region: 'us-east-1' });
void real;

const COLUMNS = [
  { Name: 'eventname', Type: 'varchar' },
  { Name: 'n', Type: 'bigint' },
  { Name: 'ok', Type: 'boolean' },
  { Name: 'share', Type: 'double' },
  { Name: 'when', Type: 'timestamp' },
];

/** A scripted Athena: the states the query goes through, then pages of results. */
class FakeAthena implements AthenaSender {
  readonly sent: AthenaCommand[] = [];
  destroyed = false;

  constructor(
    private readonly states: QueryExecutionState[],
    private readonly pages: { rows: (string | undefined)[][]; next?: string }[] = [],
    private readonly failure?: Error,
  ) {}

  async send(command: AthenaCommand): Promise<unknown> {
    this.sent.push(command);
    if (this.failure) throw this.failure;
    if (command instanceof StartQueryExecutionCommand) return { QueryExecutionId: 'q-1' };
    if (command instanceof GetQueryExecutionCommand) {
      const state = this.states.length > 1 ? this.states.shift()! : this.states[0]!;
      return {
        QueryExecution: {
          QueryExecutionId: 'q-1',
          Status: { State: state, StateChangeReason: state === 'FAILED' ? 'SYNTAX_ERROR: line 1:8: Column \'x\' cannot be resolved' : undefined },
          Statistics: { DataScannedInBytes: 123_456 },
        },
      };
    }
    if (command instanceof GetQueryResultsCommand) {
      const index = command.input.NextToken ? Number(command.input.NextToken) : 0;
      const page = this.pages[index]!;
      return { ResultSet: { ResultSetMetadata: { ColumnInfo: COLUMNS }, Rows: page.rows.map((row) => ({ Data: row.map((v) => (v === undefined ? {} : { VarCharValue: v })) })) }, NextToken: page.next };
    }
    return {};
  }

  destroy(): void {
    this.destroyed = true;
  }

  sentOf<T extends AthenaCommand>(type: new (...args: never[]) => T): T[] {
    return this.sent.filter((c): c is T => c instanceof type);
  }
}

const header = COLUMNS.map((c) => c.Name);
const poll = { initialMs: 1, maxMs: 4 };

describe('the Athena engine (against a fake client)', () => {
  it('starts the query in the workgroup and database, polls until it succeeds, and pages the results', async () => {
    const client = new FakeAthena(['QUEUED', 'RUNNING', 'RUNNING', 'SUCCEEDED'], [
      { rows: [header, ['RunInstances', '12', 'true', '0.5', '2023-07-10 12:00:00.000']], next: '1' },
      { rows: [['StopInstances', '9007199254740993', 'false', 'NaN', undefined]] },
    ]);
    const engine = new AthenaEngine({ client, workGroup: 'cia', outputLocation: 's3://results/cia/', poll });
    const result = await engine.run("SELECT eventname FROM cia_logs.cloudtrail_logs WHERE year = '2023' LIMIT 20");

    const [start] = client.sentOf(StartQueryExecutionCommand);
    expect(start!.input).toEqual({
      QueryString: "SELECT eventname FROM cia_logs.cloudtrail_logs WHERE year = '2023' LIMIT 20",
      WorkGroup: 'cia',
      QueryExecutionContext: { Catalog: 'AwsDataCatalog', Database: 'cia_logs' },
      ResultConfiguration: { OutputLocation: 's3://results/cia/' },
    });
    expect(client.sentOf(GetQueryExecutionCommand)).toHaveLength(4);
    expect(client.sentOf(GetQueryResultsCommand).map((c) => c.input.NextToken)).toEqual([undefined, '1']);
    expect(result).toMatchObject({
      columns: header,
      rows: [
        { eventname: 'RunInstances', n: 12, ok: true, share: 0.5, when: '2023-07-10 12:00:00.000' },
        { eventname: 'StopInstances', n: '9007199254740993', ok: false, share: 'NaN', when: null },
      ],
      bytesScanned: 123_456,
    });
    expect(client.sentOf(StopQueryExecutionCommand)).toEqual([]);
  });

  it('stops the query and reports a timeout when it runs past the deadline', async () => {
    const client = new FakeAthena(['RUNNING']);
    const engine = new AthenaEngine({ client, workGroup: 'cia', poll, timeoutMs: 30 });
    const error = await engine.run('SELECT 1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QueryEngineError);
    expect(error).toMatchObject({ failure: 'timeout', message: expect.stringContaining('30 ms') });
    expect(client.sentOf(StopQueryExecutionCommand).map((c) => c.input)).toEqual([{ QueryExecutionId: 'q-1' }]);
    expect(client.sentOf(GetQueryResultsCommand)).toEqual([]);
  });

  it('backs off exponentially up to the maximum interval, and never sleeps past the deadline', async () => {
    let now = 0;
    const sleeps: number[] = [];
    const clock = { now: () => now, sleep: async (ms: number) => void (sleeps.push(ms), (now += ms)) };
    const engine = new AthenaEngine({ client: new FakeAthena(['RUNNING']), workGroup: 'cia', poll: { initialMs: 100, maxMs: 800 }, timeoutMs: 2_000, clock });
    await expect(engine.run('SELECT 1')).rejects.toMatchObject({ failure: 'timeout' });
    expect(sleeps).toEqual([100, 200, 400, 800, 500]);
  });

  it('reports Athena\'s reason when the query fails, and SDK errors as failures', async () => {
    const failed = new AthenaEngine({ client: new FakeAthena(['RUNNING', 'FAILED']), workGroup: 'cia', poll });
    await expect(failed.run('SELECT x')).rejects.toMatchObject({ failure: 'failed', message: expect.stringContaining("Column 'x' cannot be resolved") });
    const denied = new AthenaEngine({ client: new FakeAthena([], [], new Error('AccessDeniedException: not authorized')), workGroup: 'cia', poll });
    await expect(denied.run('SELECT 1')).rejects.toMatchObject({ failure: 'failed', message: 'Athena: AccessDeniedException: not authorized' });
  });

  it('pings the workgroup and releases the client on close', async () => {
    const client = new FakeAthena(['SUCCEEDED']);
    const engine = new AthenaEngine({ client, workGroup: 'cia' });
    await engine.ping();
    expect(client.sentOf(GetWorkGroupCommand).map((c) => c.input)).toEqual([{ WorkGroup: 'cia' }]);
    await engine.close();
    expect(client.destroyed).toBe(true);
    expect(engine.name).toBe('athena');
  });

  it('converts values by their Athena type', () => {
    expect(typedValue('42', 'integer')).toBe(42);
    expect(typedValue('1.25', 'decimal(10,2)')).toBe('1.25');
    expect(typedValue('Infinity', 'double')).toBe('Infinity');
    expect(typedValue('{"a":1}', 'json')).toBe('{"a":1}');
    expect(typedValue(undefined, 'varchar')).toBeNull();
  });
});
