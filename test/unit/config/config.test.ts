import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireSlackCredentials, slackEnvSchema } from '../../../bot/config.js';
import { ConfigError } from '../../../pipeline-infra/config/config-error.js';
import { readEnv, storageEnvSchema } from '../../../pipeline-infra/config/env.js';
import { loadOrgConfig, parseOrgConfig } from '../../../pipeline-infra/config/org-config.js';

function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('environment configuration', () => {
  it('applies defaults when nothing is set', () => {
    expect(readEnv(slackEnvSchema, {})).toMatchObject({ CIA_BOT_PORT: 3001, CIA_COMMAND: '/cia' });
    expect(readEnv(storageEnvSchema, {})).toMatchObject({ CIA_DATA_DIR: '.data', CIA_SESSIONS_TABLE: 'cia-sessions' });
  });

  it('names the variable and what it expects', () => {
    expect(problemsOf(() => readEnv(slackEnvSchema, { CIA_BOT_PORT: 'eighty' }))).toEqual([expect.stringMatching(/^CIA_BOT_PORT: /)]);
    expect(problemsOf(() => readEnv(slackEnvSchema, { CIA_BOT_PORT: '70000' }))).toEqual(['CIA_BOT_PORT: must be a TCP port (0-65535)']);
    expect(problemsOf(() => readEnv(slackEnvSchema, { SLACK_BOT_TOKEN: 'xoxp-user-token' }))).toEqual(['SLACK_BOT_TOKEN: must be a bot token (xoxb-…)']);
    expect(problemsOf(() => readEnv(storageEnvSchema, { CIA_DYNAMODB_ENDPOINT: 'localhost' }))[0]).toMatch(/^CIA_DYNAMODB_ENDPOINT: must be a URL/);
  });

  it('lists every missing Slack credential at once for a real workspace', () => {
    expect(problemsOf(() => requireSlackCredentials({}))).toEqual([
      expect.stringMatching(/^SLACK_BOT_TOKEN: required/),
      expect.stringMatching(/^SLACK_SIGNING_SECRET: required/),
    ]);
    expect(requireSlackCredentials({ SLACK_BOT_TOKEN: 'xoxb-1-2', SLACK_APP_TOKEN: 'xapp-1-2' })).toMatchObject({ token: 'xoxb-1-2', appToken: 'xapp-1-2' });
  });
});

describe('the configuration file (DESIGN §6.2)', () => {
  const valid = {
    accounts: [
      { id: '111111111111', alias: 'main' },
      { id: '222222222222', alias: 'dev' },
      { id: '333333333333', alias: 'prod', regions: ['eu-central-1', 'us-east-1'] },
    ],
    channels: { general: { accounts: ['main', 'dev'] }, oncall: { accounts: ['main', 'dev', 'prod'] } },
  };

  it('accepts the documented example', () => {
    expect(parseOrgConfig(valid).accounts[2]).toEqual({ id: '333333333333', alias: 'prod', regions: ['eu-central-1', 'us-east-1'] });
  });

  it('rejects unknown keys, naming them', () => {
    expect(problemsOf(() => parseOrgConfig({ ...valid, acounts: [] }))).toEqual(['acounts: unknown key']);
    expect(problemsOf(() => parseOrgConfig({ accounts: [{ id: '111111111111', alias: 'main', region: 'us-east-1' }] }))).toEqual(['accounts[0].region: unknown key']);
  });

  it('rejects bad values with the path and what is expected', () => {
    expect(problemsOf(() => parseOrgConfig({ accounts: [{ id: 111111111111, alias: 'main' }] }))[0]).toMatch(/^accounts\[0\]\.id: /);
    expect(problemsOf(() => parseOrgConfig({ accounts: [{ id: '1234', alias: 'main' }] }))).toEqual(['accounts[0].id: must be a 12-digit AWS account id, quoted as a string']);
    expect(problemsOf(() => parseOrgConfig({ accounts: [{ id: '111111111111', alias: 'main', regions: ['europe'] }] }))).toEqual([
      'accounts[0].regions[0]: must be an AWS region such as eu-central-1',
    ]);
  });

  it('rejects duplicate aliases and channel policies naming unknown accounts', () => {
    const problems = problemsOf(() =>
      parseOrgConfig({ accounts: [{ id: '111111111111', alias: 'main' }, { id: '222222222222', alias: 'main' }], channels: { oncall: { accounts: ['prod'] } } }),
    );
    expect(problems).toEqual(['accounts[1].alias: duplicate alias "main"', 'channels.oncall.accounts[0]: "prod" is not an alias under accounts (known: main)']);
  });

  it('reads YAML and JSON files and explains unreadable ones', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cia-config-'));
    writeFileSync(join(dir, 'ok.yaml'), 'accounts:\n  - { id: "111111111111", alias: main }\n');
    writeFileSync(join(dir, 'ok.json'), JSON.stringify(valid));
    writeFileSync(join(dir, 'broken.yaml'), 'accounts: [unclosed\n');
    expect(loadOrgConfig(join(dir, 'ok.yaml')).accounts).toHaveLength(1);
    expect(loadOrgConfig(join(dir, 'ok.json')).channels.oncall!.accounts).toEqual(['main', 'dev', 'prod']);
    expect(problemsOf(() => loadOrgConfig(join(dir, 'broken.yaml')))[0]).toMatch(/^not valid YAML/);
    expect(problemsOf(() => loadOrgConfig(join(dir, 'missing.yaml')))[0]).toMatch(/^cannot read the file/);
  });
});
