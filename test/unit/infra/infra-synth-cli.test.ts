import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { FirehoseTransformationResult } from 'aws-lambda';
import { pipelineSettingsSchema } from '../../../pipeline-infra/infra/pipeline-settings.js';
import { synthesizePipeline } from '../../../pipeline-infra/infra/synth.js';
import { filesUnder, REAL_DATA } from '../../support/lake-files.js';
import { runCli } from '../../support/run-cli.js';

const ORG = 'o-a1b2c3d4e5';

describe('cia infra synth', () => {
  let dir: string;
  let out: string;
  let run: Awaited<ReturnType<typeof runCli>>;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cia-infra-synth-'));
    out = join(dir, 'templates');
    run = await runCli(['infra', 'synth', '--out', out, '--stage', 'qa', '--org-id', ORG]);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('writes every template, as synthesized, and the transform bundle, and says where each is deployed', async () => {
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    const stacks = synthesizePipeline(pipelineSettingsSchema.parse({ stage: 'qa', orgId: ORG }));
    expect(await filesUnder(out)).toEqual([...stacks.map((s) => `${s.name}.json`), 'config-transform/index.mjs'].sort());
    for (const stack of stacks) {
      expect(JSON.parse(await readFile(join(out, `${stack.name}.json`), 'utf8'))).toEqual(stack.template);
      const path = join(out, `${stack.name}.json`);
      expect(run.stdout.split('\n').filter((line) => line.trim().startsWith(`${path} `) && line.endsWith(stack.deployTo))).toHaveLength(1);
    }
    const lake = JSON.parse(await readFile(join(out, 'cia-qa-lake.json'), 'utf8'));
    expect(lake.Parameters.OrganizationId.Default).toBe(ORG);
    expect(lake.Resources.LakeBucketNameParameter.Properties.Name).toBe('/cia/qa/lake-bucket');
    expect(run.stdout).toContain('aws cloudformation deploy --stack-name cia-qa-lake');
  });

  it('the written bundle runs on its own in Node: a real Config change event in, its flat item out', async () => {
    const bundle = join(out, 'config-transform', 'index.mjs');
    expect(await readFile(bundle, 'utf8')).not.toContain('@duckdb');
    const items = (await readFile(join(REAL_DATA, 'config/derived_delivery_format/rdk_example_ci.ndjson'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line));
    const item = items.find((i) => i.resourceType === 'AWS::EC2::SecurityGroup');
    const event = { version: '0', id: 'e', 'detail-type': 'Config Configuration Item Change', source: 'aws.config', account: item.awsAccountId, detail: { messageType: 'ConfigurationItemChangeNotification', configurationItem: item } };
    const firehose = { invocationId: 'i', deliveryStreamArn: 'arn', region: 'eu-west-1', records: [{ recordId: 'r', approximateArrivalTimestamp: 0, data: Buffer.from(JSON.stringify(event)).toString('base64') }] };
    const script = `const { handler } = await import(${JSON.stringify(pathToFileURL(bundle).href)}); process.stdout.write(JSON.stringify(await handler(JSON.parse(process.argv[1]))));`;
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script, JSON.stringify(firehose)]);
    const [record] = (JSON.parse(stdout) as FirehoseTransformationResult).records;
    expect(record).toMatchObject({ recordId: 'r', result: 'Ok', metadata: { partitionKeys: { account_id: item.awsAccountId } } });
    expect(JSON.parse(Buffer.from(record!.data!, 'base64').toString('utf8'))).toEqual(item);
  });

  it('refuses bad options with a message naming each flag, and writes nothing', async () => {
    const nowhere = join(dir, 'refused');
    const refused = await runCli(['infra', 'synth', '--out', nowhere, '--stage', 'Prod', '--org-id', 'org-1', '--source-accounts', '12,123456789012']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--stage: must be 1-16 lower-case letters, digits or hyphens');
    expect(refused.stderr).toContain('--org-id: "org-1" is not an AWS organization id');
    expect(refused.stderr).toContain('--source-accounts: "12" is not a 12-digit account id');
    expect(existsSync(nowhere)).toBe(false);
  });

  it('needs --out', async () => {
    const missing = await runCli(['infra', 'synth']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("required option '--out <dir>' not specified");
  });
});
