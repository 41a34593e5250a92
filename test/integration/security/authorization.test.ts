import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WebClient } from '@slack/web-api';
import { parse, stringify } from 'yaml';
import { AccessRefusal, conversationPolicy } from '../../../bot/slack/channel-policy.js';
import { parseOrgConfig } from '../../../pipeline-infra/config/org-config.js';
import { startTestSandbox, type TestSandbox } from '../../support/sandbox.js';
import { sharedTestLake } from '../../support/test-lake.js';

const CONFIG = parseOrgConfig({
  accounts: [{ id: '111111111111', alias: 'main' }, { id: '222222222222', alias: 'dev' }, { id: '333333333333', alias: 'prod' }],
  channels: { general: { accounts: ['main', 'dev'] }, oncall: { accounts: ['main', 'dev', 'prod'] } },
  users: { U01ALICE: { accounts: ['main'] } },
});
const client = { conversations: { info: async ({ channel }: { channel: string }) => ({ channel: { name: channel === 'C01GENERAL' ? 'general' : 'random' } }) } } as unknown as WebClient;

describe('authorization: channels, direct messages, workspaces', () => {
  it('gives a channel its policy, a DM the asker\'s own, and refuses a DM of someone without one', async () => {
    const policy = conversationPolicy(client, CONFIG);
    expect(await policy('C01GENERAL', 'U02BOB')).toEqual(['111111111111', '222222222222']);
    expect(await policy('C09RANDOM', 'U02BOB')).toBeUndefined();
    expect(await policy('D01ALICE', 'U01ALICE')).toEqual(['111111111111']);
    await expect(policy('D02BOB', 'U02BOB')).rejects.toThrow(AccessRefusal);
    await expect(policy('D02BOB', 'U02BOB')).rejects.toThrow(/ask in a channel such as #oncall/i);
    // Without any policy configured, nothing is restricted.
    expect(await conversationPolicy(client, parseOrgConfig({}))('D02BOB', 'U02BOB')).toBeUndefined();
  });

  it('names a user policy\'s unknown alias and a bad workspace id', () => {
    expect(() => parseOrgConfig({ accounts: [{ id: '111111111111', alias: 'main' }], users: { U01ALICE: { accounts: ['prod'] } } })).toThrow(/users\.U01ALICE\.accounts\[0\]/);
    expect(() => parseOrgConfig({ workspaces: ['acme'] })).toThrow(/workspaces\[0\].*team id/);
  });

  describe('a workspace outside the allowlist', () => {
    let sandbox: TestSandbox;
    let dir: string;

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'cia-workspaces-'));
      const lake = await sharedTestLake();
      const config = parse(readFileSync(join(lake, 'cia.config.yaml'), 'utf8')) as Record<string, unknown>;
      writeFileSync(join(dir, 'cia.config.yaml'), stringify({ ...config, workspaces: ['T0OTHERCO'] }));
      sandbox = await startTestSandbox({ CIA_CONFIG: join(dir, 'cia.config.yaml') });
    }, 120_000);
    afterAll(async () => {
      await sandbox.stop();
      rmSync(dir, { recursive: true, force: true });
    });

    it('gets a plain "not enabled" for a command, and no investigation runs', async () => {
      await sandbox.post('/sandbox/api/command', { channel: 'oncall', user: 'U02BOB', command: '/cia', text: 'how many API calls failed today?' });
      const messages = await sandbox.waitFor(() => sandbox.messages('oncall'), (all) => all.some((m) => m.ephemeral), 'the reply');
      expect(messages.map((m) => m.text)).toEqual(['cia is not enabled in this workspace.']);
      await sandbox.jobs.idle();
      expect((await sandbox.calls()).filter((c) => c.method === 'chat.postMessage')).toEqual([]);
    });
  });
});
