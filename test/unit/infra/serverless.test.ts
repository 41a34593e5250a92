import { readFileSync } from 'node:fs';
import { parse, type Tags } from 'yaml';
import { SESSION_TTL_ATTRIBUTE, sessionTableDefinition } from '../../../bot/sessions/session-table.js';

/** CloudFormation's short-form intrinsics, read as plain objects. */
const cloudFormationTags: Tags = ['Ref', 'GetAtt', 'Join', 'Sub'].flatMap((name) => [
  { tag: `!${name}`, resolve: (value: unknown) => ({ [name]: value }) },
  { tag: `!${name}`, collection: 'seq' as const, resolve: (value: unknown) => ({ [name]: value }) },
]);

describe('serverless.yml', () => {
  const template = parse(readFileSync('serverless.yml', 'utf8'), { customTags: cloudFormationTags }) as {
    provider: { runtime: string };
    functions: Record<string, { handler: string }>;
    resources: { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };
  };

  it('runs on Node 22 and points the slack function at the Lambda handler', () => {
    expect(template.provider.runtime).toBe('nodejs22.x');
    expect(template.functions.slack!.handler).toBe('bot/lambda/slack-handler.handle');
  });

  it('declares the sessions table exactly as the embedded default creates it, with TTL', () => {
    const table = template.resources.Resources.SessionsTable!;
    const { TableName: _name, ...definition } = sessionTableDefinition('unused');
    for (const [key, value] of Object.entries(definition)) expect(table.Properties[key]).toEqual(value);
    expect(table.Properties.TimeToLiveSpecification).toEqual({ AttributeName: SESSION_TTL_ATTRIBUTE, Enabled: true });
  });
});
