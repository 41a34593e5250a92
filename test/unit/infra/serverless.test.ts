import { readFileSync } from 'node:fs';
import { parse, type Tags } from 'yaml';
import { alertTableDefinition } from '../../../bot/alerts/alert-table.js';
import { dedupeTableDefinition } from '../../../bot/dedupe/dedupe-table.js';
import { investigationTableDefinition } from '../../../bot/investigations/investigation-table.js';
import { SESSION_TTL_ATTRIBUTE, sessionTableDefinition } from '../../../bot/sessions/session-table.js';
import { DETECTOR_STATE_TTL_ATTRIBUTE, detectorStateTableDefinition } from '../../../pipeline-infra/stream/kinesis/detector-state-store.js';

/** CloudFormation's short-form intrinsics, read as plain objects. */
const cloudFormationTags: Tags = ['Ref', 'GetAtt', 'Join', 'Sub'].flatMap((name) => [
  { tag: `!${name}`, resolve: (value: unknown) => ({ [name]: value }) },
  { tag: `!${name}`, collection: 'seq' as const, resolve: (value: unknown) => ({ [name]: value }) },
]);

describe('serverless.yml', () => {
  const template = parse(readFileSync('serverless.yml', 'utf8'), { customTags: cloudFormationTags }) as {
    provider: { runtime: string; iam: { role: { statements: Array<{ Action: string[]; Resource: unknown[] }> } } };
    functions: Record<string, { handler: string; maximumRetryAttempts?: number; environment?: Record<string, unknown>; events?: Array<Record<string, Record<string, unknown>>> }>;
    resources: { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };
  };

  it('runs on Node 22 and points the slack function at the Lambda handler', () => {
    expect(template.provider.runtime).toBe('nodejs22.x');
    expect(template.functions.slack!.handler).toBe('bot/lambda/slack-handler.handle');
  });

  it.each([
    ['SessionsTable', sessionTableDefinition],
    ['DedupeTable', dedupeTableDefinition],
    ['InvestigationsTable', investigationTableDefinition],
    ['AlertsTable', alertTableDefinition],
  ] as const)('declares %s exactly as the embedded default creates it, with TTL', (resource, definitionOf) => {
    const table = template.resources.Resources[resource]!;
    const { TableName: _name, ...definition } = definitionOf('unused');
    for (const [key, value] of Object.entries(definition)) expect(table.Properties[key]).toEqual(value);
    expect(table.Properties.TimeToLiveSpecification).toEqual({ AttributeName: SESSION_TTL_ATTRIBUTE, Enabled: true });
  });

  it('hands investigations from the slack function to the worker, which runs without retries', () => {
    expect(template.functions.worker!.handler).toBe('bot/lambda/worker-handler.handle');
    expect(template.functions.worker).toMatchObject({ maximumRetryAttempts: 0 });
  });

  it('declares DetectorStateTable exactly as the store defines it, with TTL', () => {
    const table = template.resources.Resources.DetectorStateTable!;
    const { TableName: _name, ...definition } = detectorStateTableDefinition('unused');
    for (const [key, value] of Object.entries(definition)) expect(table.Properties[key]).toEqual(value);
    expect(table.Properties.TimeToLiveSpecification).toEqual({ AttributeName: DETECTOR_STATE_TTL_ATTRIBUTE, Enabled: true });
  });

  it('runs the detector on the flow stream in 60-s tumbling windows, one batch per shard at a time', () => {
    const detector = template.functions.detector!;
    expect(detector.handler).toBe('bot/lambda/detector-handler.handle');
    expect(detector.environment).toEqual({ CIA_DETECTOR_STATE_TABLE: { Ref: 'DetectorStateTable' }, CIA_ALERTS_TOPIC_ARN: { Ref: 'AlertsTopic' } });
    expect(detector.events).toHaveLength(1);
    expect(detector.events![0]!.stream).toMatchObject({
      type: 'kinesis',
      arn: { GetAtt: 'FlowStream.Arn' },
      tumblingWindowInSeconds: 60,
      functionResponseType: 'ReportBatchItemFailures',
      bisectBatchOnFunctionError: true,
      parallelizationFactor: 1,
    });
    expect(template.resources.Resources.FlowStream).toMatchObject({
      Type: 'AWS::Kinesis::Stream',
      Properties: { StreamModeDetails: { StreamMode: 'ON_DEMAND' }, StreamEncryption: { EncryptionType: 'KMS' } },
    });
  });

  it('publishes alerts to an encrypted SNS topic, with least-privilege statements for the detector', () => {
    expect(template.resources.Resources.AlertsTopic).toMatchObject({ Type: 'AWS::SNS::Topic', Properties: { KmsMasterKeyId: 'alias/aws/sns' } });
    const grants = (resource: unknown) => template.provider.iam.role.statements.filter((s) => s.Resource.some((r) => JSON.stringify(r) === JSON.stringify(resource))).flatMap((s) => s.Action);
    expect(grants({ Ref: 'AlertsTopic' })).toEqual(['sns:Publish']);
    expect(grants({ GetAtt: 'DetectorStateTable.Arn' }).sort()).toEqual(['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem']);
    expect(grants({ GetAtt: 'FlowStream.Arn' })).toEqual(expect.arrayContaining(['kinesis:GetRecords', 'kinesis:GetShardIterator']));
  });

  it('keeps memory in AgentCore, with only the memory calls cia makes granted on that one memory', () => {
    const environment = (template as unknown as { provider: { environment: Record<string, unknown> } }).provider.environment;
    expect(environment).toMatchObject({ CIA_MEMORY: 'agentcore', CIA_MEMORY_ID: '${ssm:/cia/${self:provider.stage}/memory-id}' });
    const statement = template.provider.iam.role.statements.find((s) => s.Action.some((a) => a.startsWith('bedrock-agentcore:')))!;
    expect(statement.Action.sort()).toEqual([
      'bedrock-agentcore:BatchDeleteMemoryRecords', 'bedrock-agentcore:CreateEvent', 'bedrock-agentcore:DeleteEvent',
      'bedrock-agentcore:ListEvents', 'bedrock-agentcore:ListMemoryRecords', 'bedrock-agentcore:RetrieveMemoryRecords',
    ]);
    expect(statement.Resource).toEqual([{ Sub: 'arn:aws:bedrock-agentcore:${AWS::Region}:${AWS::AccountId}:memory/${ssm:/cia/${self:provider.stage}/memory-id}' }]);
  });

  it('runs Bedrock through a guardrail that blocks prompt attacks on input and denies off-topic requests', () => {
    const guardrail = template.resources.Resources.Guardrail!;
    expect(guardrail.Type).toBe('AWS::Bedrock::Guardrail');
    expect(guardrail.Properties.ContentPolicyConfig).toEqual({ FiltersConfig: [{ Type: 'PROMPT_ATTACK', InputStrength: 'HIGH', OutputStrength: 'NONE' }] });
    const topics = (guardrail.Properties.TopicPolicyConfig as { TopicsConfig: Array<{ Name: string; Type: string; Examples: string[] }> }).TopicsConfig;
    expect(topics).toEqual([expect.objectContaining({ Name: 'off-topic', Type: 'DENY' })]);
    expect(template.resources.Resources.GuardrailVersion).toMatchObject({ Type: 'AWS::Bedrock::GuardrailVersion', Properties: { GuardrailIdentifier: { GetAtt: 'Guardrail.GuardrailId' } } });
    const environment = (template as unknown as { provider: { environment: Record<string, unknown> } }).provider.environment;
    expect(environment).toMatchObject({ CIA_BEDROCK_GUARDRAIL_ID: { GetAtt: 'GuardrailVersion.GuardrailId' }, CIA_BEDROCK_GUARDRAIL_VERSION: { GetAtt: 'GuardrailVersion.Version' } });
    const grant = template.provider.iam.role.statements.find((s) => s.Action.includes('bedrock:ApplyGuardrail'))!;
    expect(grant.Resource).toEqual([{ GetAtt: 'Guardrail.GuardrailArn' }]);
  });

  it('posts alerts from the topic with the alerts function, which (like the buttons) reaches the alerts table', () => {
    const alerts = template.functions.alerts as unknown as { handler: string; events: Array<{ sns?: { arn: unknown; topicName: string } }> };
    expect(alerts.handler).toBe('bot/lambda/alerts-handler.handle');
    expect(alerts.events[0]!.sns!.arn).toEqual({ Ref: 'AlertsTopic' });
    expect(alerts.events[0]!.sns!.topicName).toBe((template.resources.Resources.AlertsTopic!.Properties as { TopicName: string }).TopicName);
    expect((template as unknown as { provider: { environment: Record<string, unknown> } }).provider.environment.CIA_ALERTS_TABLE).toEqual({ Ref: 'AlertsTable' });
  });
});
