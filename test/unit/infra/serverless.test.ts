import { readFileSync } from 'node:fs';
import { parse, type Tags } from 'yaml';
import { dedupeTableDefinition } from '../../../bot/dedupe/dedupe-table.js';
import { investigationTableDefinition } from '../../../bot/investigations/investigation-table.js';
import { SESSION_TTL_ATTRIBUTE, sessionTableDefinition } from '../../../bot/sessions/session-table.js';

/** CloudFormation's short-form intrinsics, read as plain objects. */
const cloudFormationTags: Tags = ['Ref', 'GetAtt', 'Join', 'Sub'].flatMap((name) => [
  { tag: `!${name}`, resolve: (value: unknown) => ({ [name]: value }) },
  { tag: `!${name}`, collection: 'seq' as const, resolve: (value: unknown) => ({ [name]: value }) },
]);

describe('serverless.yml', () => {
  const template = parse(readFileSync('serverless.yml', 'utf8'), { customTags: cloudFormationTags }) as {
    provider: { runtime: string };
    functions: Record<string, { handler: string; maximumRetryAttempts?: number }>;
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
});
