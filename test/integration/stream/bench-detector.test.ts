import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Command } from 'commander';
import { benchDetectorCommand } from '../../../bot/cli/bench-detector-command.js';
import { generateTraffic } from '../../../pipeline-infra/stream/traffic-generator.js';

async function run(args: string[]): Promise<string> {
  const program = new Command('bench').exitOverride().configureOutput({ writeErr: () => undefined }).addCommand(benchDetectorCommand().configureOutput({ writeErr: () => undefined }));
  let stdout = '';
  const [write, error] = [process.stdout.write, console.error];
  process.stdout.write = ((chunk: string | Uint8Array) => {
    stdout += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return true;
  }) as typeof process.stdout.write;
  console.error = () => undefined;
  try {
    await program.parseAsync(['node', 'bench', ...args]);
  } finally {
    process.stdout.write = write;
    console.error = error;
  }
  return stdout;
}

describe('cia bench detector', () => {
  let dir: string;
  beforeAll(() => void (dir = mkdtempSync(join(tmpdir(), 'cia-bench-detector-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reports records, seconds, records_per_second, alerts and the parse-only figures as JSON', async () => {
    const path = join(dir, 'flows.log');
    let text = '';
    const generated = generateTraffic({ records: 240_000, seed: 11, durationSeconds: 3 * 3600, attacks: ['ddos_syn_flood', 'port_scan'] }, (chunk) => void (text += chunk));
    writeFileSync(path, text);
    const json = JSON.parse(await run(['detector', '--input', path, '--json', '--runs', '1'])) as Record<string, unknown>;
    expect(json.records).toBe(generated.records);
    expect(json.skipped).toBe(0);
    for (const key of ['seconds', 'records_per_second', 'parse_only_seconds', 'parse_only_records_per_second', 'ratio_to_parse_only']) expect(typeof json[key]).toBe('number');
    expect(json.alerts).toBeGreaterThanOrEqual(2);
    const incidents = json.incidents as Array<{ kind: string; target: string }>;
    expect(incidents.map((i) => `${i.kind} ${i.target}`).sort()).toEqual(generated.attacks.map((a) => `${a.kind} ${a.target}`).sort());
    expect(json.generated).toBe(false);
  });

  it('reads a real flow-log sample (v5 with a header line, NODATA and SKIPDATA rows) and prints a text report', async () => {
    const sample = resolve(process.cwd(), '../shared/data/real/flowlogs/grafana_vpc_flow_logs_analyzer/aws-flow-logs-10.3.11.57-142.250.185.91.log');
    const text = await run(['detector', '--input', sample, '--runs', '1']);
    expect(text).toMatch(/31 records/);
    expect(text).toMatch(/read \+ parse \+ detect .* records\/s/);
    expect(text).toMatch(/read \+ parse only .* records\/s/);
    expect(text).toMatch(/alerts: 0/);
  });

  it('answers a missing input file with a usage error', async () => {
    await expect(run(['detector', '--input', join(dir, 'nothing.log')])).rejects.toMatchObject({ exitCode: 2 });
    await expect(run(['detector', '--records', 'many'])).rejects.toMatchObject({ code: 'commander.invalidArgument' });
  });
});
