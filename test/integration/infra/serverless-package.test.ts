import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { alertTableDefinition } from '../../../bot/alerts/alert-table.js';
import { dedupeTableDefinition } from '../../../bot/dedupe/dedupe-table.js';
import { investigationTableDefinition } from '../../../bot/investigations/investigation-table.js';
import { SESSION_TTL_ATTRIBUTE, sessionTableDefinition } from '../../../bot/sessions/session-table.js';
import { DEFAULT_FACTS_NAMESPACE, DEFAULT_REFLECTIONS_NAMESPACE } from '../../../agents/memory/agentcore-memory-store.js';
import { API_READ_PERMISSIONS } from '../../../pipeline-infra/api-sources/sdk/read-permissions.js';
import { READ_ONLY_ROLE_NAME } from '../../../pipeline-infra/infra/stacks/read-only-stack.js';
import { CATALOG } from '../../../pipeline-infra/catalog/index.js';
import { athenaType } from '../../../pipeline-infra/catalog/sql-types.js';
import { glueTableResourceName } from '../../../pipeline-infra/infra/deploy/glue-catalog-resources.js';
import { LAMBDA_FUNCTIONS } from '../../../pipeline-infra/infra/deploy/bundle-functions.js';
import { DETECTOR_STATE_TTL_ATTRIBUTE, detectorStateTableDefinition } from '../../../pipeline-infra/stream/kinesis/detector-state-store.js';

/** `npm run package` as a deployer runs it: esbuild bundles, then osls, offline, into .serverless/. */
interface Resource {
  Type: string;
  Properties: Record<string, unknown>;
}
interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: unknown;
}
interface Template {
  Parameters: Record<string, unknown>;
  Conditions: Record<string, unknown>;
  Resources: Record<string, Resource>;
}

const root = process.cwd();
let template: Template;
let zips: string[];

beforeAll(async () => {
  await promisify(execFile)('npm', ['run', 'package'], { cwd: root, timeout: 180_000, env: { ...process.env, CIA_CONFIG: '' } });
  template = JSON.parse(readFileSync(join(root, '.serverless', 'cloudformation-template-update-stack.json'), 'utf8')) as Template;
  zips = readdirSync(join(root, '.serverless')).filter((f) => f.endsWith('.zip'));
}, 200_000);

const resource = (name: string) => template.Resources[name]!;
const functionOf = (name: string) => resource(`${name[0]!.toUpperCase()}${name.slice(1)}LambdaFunction`);
const actions = (statement: Statement) => (Array.isArray(statement.Action) ? statement.Action : [statement.Action]);
const statementsOf = (roleName: string) =>
  (resource(roleName).Properties.Policies as Array<{ PolicyDocument: { Statement: Statement[] } }>).flatMap((p) => p.PolicyDocument.Statement);
/** The actions a role grants on exactly this resource. */
const grantsOn = (roleName: string, target: unknown) =>
  statementsOf(roleName)
    .filter((s) => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]).some((r) => JSON.stringify(r) === JSON.stringify(target)))
    .flatMap(actions)
    .sort();

describe('npm run package', () => {
  it('packages the four functions as esbuild bundles on Node 22 (arm64)', () => {
    expect(zips.sort()).toEqual([...LAMBDA_FUNCTIONS].sort().map((f) => `${f}.zip`));
    for (const name of LAMBDA_FUNCTIONS) {
      expect(functionOf(name).Properties).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'], Handler: `.build/functions/${name}/index.handle`, TracingConfig: { Mode: 'Active' } });
    }
  });

  it.each(LAMBDA_FUNCTIONS.map((name) => [name]))('loads the %s bundle on its own, outside the repository, and exports its handler', async (name) => {
    // Copied beside no node_modules: every module the handler needs at import is in the bundle.
    const dir = mkdtempSync(join(tmpdir(), 'cia-bundle-'));
    cpSync(join(root, '.build', 'functions', name), dir, { recursive: true });
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', `const m = await import(${JSON.stringify(join(dir, 'index.mjs'))}); console.log(typeof m.handle);`]);
    expect(stdout.trim()).toBe('function');
  });

  it.each([
    ['SessionsTable', sessionTableDefinition],
    ['DedupeTable', dedupeTableDefinition],
    ['InvestigationsTable', investigationTableDefinition],
    ['AlertsTable', alertTableDefinition],
    ['DetectorStateTable', detectorStateTableDefinition],
  ] as const)('declares %s exactly as the embedded default creates it, with TTL', (name, definitionOf) => {
    const table = resource(name);
    const { TableName: _name, ...definition } = definitionOf('unused');
    for (const [key, value] of Object.entries(definition)) expect(table.Properties[key]).toEqual(value);
    expect(table.Properties.TimeToLiveSpecification).toEqual({ AttributeName: name === 'DetectorStateTable' ? DETECTOR_STATE_TTL_ATTRIBUTE : SESSION_TTL_ATTRIBUTE, Enabled: true });
  });

  it('finds sessions by user through a GSI, and keeps idempotency records under TTL as Powertools names them', () => {
    expect(resource('SessionsTable').Properties.GlobalSecondaryIndexes).toEqual([expect.objectContaining({ IndexName: 'by_user' })]);
    expect(resource('IdempotencyTable').Properties).toMatchObject({ KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }], TimeToLiveSpecification: { AttributeName: 'expiration', Enabled: true } });
    expect(functionOf('alerts').Properties.Environment).toMatchObject({ Variables: { CIA_IDEMPOTENCY_TABLE: { Ref: 'IdempotencyTable' } } });
  });

  it('runs the detector on the Kinesis stream in 60-s tumbling windows, and alerts through the topic', () => {
    const mapping = Object.values(template.Resources).find((r) => r.Type === 'AWS::Lambda::EventSourceMapping')!;
    expect(mapping.Properties).toMatchObject({
      EventSourceArn: { 'Fn::GetAtt': ['FlowStream', 'Arn'] },
      FunctionName: { 'Fn::GetAtt': ['DetectorLambdaFunction', 'Arn'] },
      TumblingWindowInSeconds: 60,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ParallelizationFactor: 1,
    });
    expect(resource('FlowStream').Properties).toMatchObject({ StreamModeDetails: { StreamMode: 'ON_DEMAND' }, StreamEncryption: { EncryptionType: 'KMS' } });
    expect(resource('AlertsTopic').Properties).toMatchObject({ KmsMasterKeyId: 'alias/aws/sns' });
    const subscription = Object.values(template.Resources).find((r) => r.Type === 'AWS::SNS::Subscription')!;
    expect(subscription.Properties).toMatchObject({ TopicArn: { Ref: 'AlertsTopic' }, Endpoint: { 'Fn::GetAtt': ['AlertsLambdaFunction', 'Arn'] } });
  });

  it('declares the six Glue tables of the catalog, with their columns, and the Athena workgroup', () => {
    expect(resource('GlueDatabase').Properties).toMatchObject({ DatabaseInput: { Name: 'cia_logs' } });
    const tables = Object.values(template.Resources).filter((r) => r.Type === 'AWS::Glue::Table');
    expect(tables).toHaveLength(6);
    for (const table of CATALOG) {
      const input = resource(glueTableResourceName(table)).Properties.TableInput as { Name: string; StorageDescriptor: { Columns: unknown[] }; PartitionKeys: unknown[]; Parameters: Record<string, unknown> };
      expect(input.Name).toBe(table.name);
      expect(input.StorageDescriptor.Columns).toEqual(table.columns.map((c) => ({ Name: c.name, Type: athenaType(c.type) })));
      expect(input.PartitionKeys).toEqual(table.partitionKeys.map((k) => ({ Name: k.name, Type: 'string' })));
      expect(input.Parameters['projection.enabled']).toBe('true');
    }
    expect(resource('AthenaWorkGroup').Properties).toMatchObject({ WorkGroupConfiguration: { EnforceWorkGroupConfiguration: true, ResultConfiguration: { EncryptionConfiguration: { EncryptionOption: 'SSE_S3' } } } });
  });

  it('grants no wildcard action anywhere, and gives each function a role of its own', () => {
    const roles = Object.entries(template.Resources).filter(([, r]) => r.Type === 'AWS::IAM::Role');
    expect(roles.map(([name]) => name).sort()).toEqual(['AgentRuntimeRole', 'AlertsFunctionRole', 'DetectorFunctionRole', 'SlackFunctionRole', 'WorkerFunctionRole']);
    for (const [name] of roles) for (const statement of statementsOf(name)) for (const action of actions(statement)) expect(action).toMatch(/^[a-z0-9-]+:[A-Za-z]+$/);
    const roleOf = (fn: string) => (functionOf(fn).Properties.Role as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0];
    expect(LAMBDA_FUNCTIONS.map(roleOf)).toEqual(['SlackFunctionRole', 'WorkerFunctionRole', 'DetectorFunctionRole', 'AlertsFunctionRole']);
    // Only X-Ray's, ECR's token call and the account-wide read APIs take no resource.
    const unscoped = roles.flatMap(([name]) => statementsOf(name).filter((s) => s.Resource === '*').flatMap(actions));
    for (const action of unscoped) expect(action).toMatch(/^(xray|ecr:GetAuthorizationToken|cloudwatch:PutMetricData|access-analyzer|cloudwatch:GetMetricData|guardduty|health|inspector2|macie2|organizations|servicequotas)/);
  });

  it('keeps each function to its own resources', () => {
    expect(grantsOn('DetectorFunctionRole', { 'Fn::GetAtt': ['DetectorStateTable', 'Arn'] })).toEqual(['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem']);
    expect(grantsOn('DetectorFunctionRole', { Ref: 'AlertsTopic' })).toEqual(['sns:Publish']);
    expect(grantsOn('WorkerFunctionRole', { 'Fn::GetAtt': ['AgentRuntime', 'AgentRuntimeArn'] })).toEqual(['bedrock-agentcore:InvokeAgentRuntime']);
    expect(grantsOn('SlackFunctionRole', { 'Fn::GetAtt': ['WorkerLambdaFunction', 'Arn'] })).toEqual(['lambda:InvokeFunction']);
    // The functions that never query, never reach the lake, the model or Athena.
    for (const role of ['SlackFunctionRole', 'WorkerFunctionRole', 'DetectorFunctionRole', 'AlertsFunctionRole']) {
      expect(statementsOf(role).flatMap(actions).filter((a) => /^(athena|glue|s3|bedrock):/.test(a))).toEqual([]);
    }
    for (const role of ['SlackFunctionRole', 'WorkerFunctionRole', 'AlertsFunctionRole']) expect(JSON.stringify(statementsOf(role))).not.toMatch(/DetectorStateTable|FlowStream/);
    expect(statementsOf('AlertsFunctionRole').flatMap(actions)).not.toContain('sns:Publish');
    expect(statementsOf('SlackFunctionRole').flatMap(actions)).not.toContain('bedrock-agentcore:InvokeAgentRuntime');
  });

  it('gives the agent runtime every read permission the API sources name, and Athena on its workgroup only', () => {
    const granted = new Set(statementsOf('AgentRuntimeRole').flatMap(actions));
    for (const permission of API_READ_PERMISSIONS) expect(granted).toContain(permission);
    // …in the other accounts through the role the read-only stack of `cia infra synth` makes there.
    expect(resource('AgentRuntime').Properties).toMatchObject({ EnvironmentVariables: { CIA_API_SOURCES: 'aws', CIA_API_ROLE_NAME: READ_ONLY_ROLE_NAME } });
    expect(grantsOn('AgentRuntimeRole', `arn:aws:iam::*:role/${READ_ONLY_ROLE_NAME}`)).toEqual(['sts:AssumeRole']);
    expect(grantsOn('AgentRuntimeRole', { 'Fn::Sub': 'arn:aws:athena:${AWS::Region}:${AWS::AccountId}:workgroup/${AthenaWorkGroup}' })).toEqual(
      ['athena:GetQueryExecution', 'athena:GetQueryResults', 'athena:GetWorkGroup', 'athena:StartQueryExecution', 'athena:StopQueryExecution'],
    );
    expect(grantsOn('AgentRuntimeRole', { 'Fn::GetAtt': ['Guardrail', 'GuardrailArn'] })).toEqual(['bedrock:ApplyGuardrail']);
    expect(resource('AgentRuntime').Properties).toMatchObject({ RoleArn: { 'Fn::GetAtt': ['AgentRuntimeRole', 'Arn'] }, ProtocolConfiguration: 'HTTP', EnvironmentVariables: { CIA_QUERY_ENGINE: 'athena', CIA_MEMORY: 'agentcore' } });
  });

  it('keeps memory in AgentCore under the namespaces the memory store reads, forgotten by /cia delete', () => {
    const strategies = resource('Memory').Properties.MemoryStrategies as Array<Record<string, { Namespaces: string[] }>>;
    expect(strategies.map((s) => Object.values(s)[0]!.Namespaces[0])).toEqual([DEFAULT_FACTS_NAMESPACE, DEFAULT_REFLECTIONS_NAMESPACE]);
    const memory = { 'Fn::GetAtt': ['Memory', 'MemoryArn'] };
    expect(grantsOn('AgentRuntimeRole', memory)).toEqual(['bedrock-agentcore:CreateEvent', 'bedrock-agentcore:ListEvents', 'bedrock-agentcore:RetrieveMemoryRecords']);
    expect(grantsOn('SlackFunctionRole', memory)).toEqual(['bedrock-agentcore:BatchDeleteMemoryRecords', 'bedrock-agentcore:DeleteEvent', 'bedrock-agentcore:ListEvents', 'bedrock-agentcore:ListMemoryRecords']);
    expect(grantsOn('WorkerFunctionRole', memory)).toEqual([]);
  });

  it('runs the agents through a guardrail that blocks prompt attacks on input and denies off-topic requests', () => {
    expect(resource('Guardrail').Properties.ContentPolicyConfig).toEqual({ FiltersConfig: [{ Type: 'PROMPT_ATTACK', InputStrength: 'HIGH', OutputStrength: 'NONE' }] });
    expect((resource('Guardrail').Properties.TopicPolicyConfig as { TopicsConfig: unknown[] }).TopicsConfig).toEqual([expect.objectContaining({ Name: 'off-topic', Type: 'DENY' })]);
    expect(resource('AgentRuntime').Properties.EnvironmentVariables).toMatchObject({
      CIA_BEDROCK_GUARDRAIL_ID: { 'Fn::GetAtt': ['GuardrailVersion', 'GuardrailId'] },
      CIA_BEDROCK_GUARDRAIL_VERSION: { 'Fn::GetAtt': ['GuardrailVersion', 'Version'] },
    });
  });

  it('keeps Slack secrets out of the functions: only the SSM path, and a grant on those parameters', () => {
    for (const name of ['slack', 'worker', 'alerts']) {
      const variables = (functionOf(name).Properties.Environment as { Variables: Record<string, unknown> }).Variables;
      expect(variables.CIA_SLACK_SECRETS_PATH).toBe('/cia/prod/slack');
      expect(variables).not.toHaveProperty('SLACK_BOT_TOKEN');
      expect(variables).not.toHaveProperty('SLACK_SIGNING_SECRET');
    }
    const parameterGrants = (role: string) => statementsOf(role).filter((s) => actions(s).includes('ssm:GetParameters')).flatMap((s) => (Array.isArray(s.Resource) ? s.Resource : [s.Resource])).map((r) => JSON.stringify(r));
    expect(parameterGrants('SlackFunctionRole')).toHaveLength(2);
    expect(parameterGrants('WorkerFunctionRole')).toEqual([expect.stringContaining('/slack/bot-token')]);
    expect(parameterGrants('DetectorFunctionRole')).toEqual([]);
  });

  it('refers only to declared resources, parameters and conditions', () => {
    const declared = new Set([...Object.keys(template.Resources), ...Object.keys(template.Parameters), 'AWS::AccountId', 'AWS::Region', 'AWS::StackName', 'AWS::Partition', 'AWS::URLSuffix']);
    const problems: string[] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(walk);
      if (!node || typeof node !== 'object') return;
      for (const [key, value] of Object.entries(node)) {
        if (key === 'Ref' && !declared.has(value as string)) problems.push(`Ref ${String(value)}`);
        if (key === 'Fn::GetAtt' && !declared.has((value as string[])[0]!)) problems.push(`GetAtt ${String(value)}`);
        if (key === 'Fn::If' && !(((value as string[])[0]!) in template.Conditions)) problems.push(`If ${String((value as string[])[0])}`);
        if (key === 'Fn::Sub' && typeof value === 'string') {
          for (const [, name] of value.matchAll(/\$\{([^!}][^}]*)\}/g)) if (!declared.has(name!.split('.')[0]!)) problems.push(`Sub \${${name}}`);
        }
        walk(value);
      }
    };
    walk(template.Resources);
    expect(problems).toEqual([]);
  });
});
