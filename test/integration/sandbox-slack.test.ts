import { WebClient } from '@slack/web-api';
import { signSlackRequest } from '../../bot/sandbox/emulator/delivery.js';
import type { MessageView } from '../../bot/sandbox/emulator/types.js';
import { blockText, startTestSandbox, type TestSandbox } from '../support/sandbox.js';

let sandbox: TestSandbox;

beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(async () => {
  await sandbox.stop();
});

const ALICE = 'U01ALICE';
const isEphemeralFor = (user: string) => (m: MessageView) => m.ephemeral === true && m.visible_to === user;

async function runCommand(text: string, channel = 'general', extra: Record<string, unknown> = {}) {
  const before = (await sandbox.messages(channel)).length;
  const { status, body } = await sandbox.post<{ status: number; error?: string }>('/sandbox/api/command', { channel, user: ALICE, command: '/cia', text, ...extra });
  expect(status).toBe(200);
  const messages = await sandbox.waitFor(() => sandbox.messages(channel), (all) => all.length > before, `an answer to /cia ${text}`);
  return { delivery: body, answer: messages[messages.length - 1]! };
}

describe('the sandbox and the Bolt app, end to end', () => {
  it('starts with #general and #oncall', async () => {
    const channels = await sandbox.get<{ id: string; name: string }[]>('/sandbox/api/channels');
    expect(channels.map((c) => c.name)).toEqual(['general', 'oncall']);
  });

  it('answers /cia help with Block Kit help, shown only to the asker', async () => {
    const { delivery, answer } = await runCommand('help');
    expect(delivery.status).toBe(200);
    expect(isEphemeralFor(ALICE)(answer)).toBe(true);
    expect(answer.blocks[0]).toMatchObject({ type: 'header' });
    expect(blockText(answer)).toContain('/cia <question>');
    expect(blockText(answer)).toContain('/cia health');
  });

  it('answers a command with non-ASCII text instead of crashing', async () => {
    const { delivery, answer } = await runCommand('help café ☕');
    expect(delivery.status).toBe(200);
    expect(answer.blocks[0]).toMatchObject({ type: 'header' });
  });

  it('answers an empty /cia and an unknown option with help that says what was wrong', async () => {
    expect((await runCommand('')).answer.blocks[0]).toMatchObject({ type: 'header' });
    const { answer } = await runCommand('--verbose who did it');
    expect(blockText(answer)).toContain('Unknown option --verbose');
  });

  it('reports each dependency in /cia health, and a failing session store as down', async () => {
    const up = (await runCommand('health')).answer;
    expect(blockText(up)).toMatch(/session store\* up · \d+ ms/);
    await sandbox.post('/sandbox/api/faults', { target: 'session_store', count: 1 });
    const down = (await runCommand('health')).answer;
    expect(blockText(down)).toContain('1 of 2 down: session store');
    expect(blockText(down)).toMatch(/query engine\* up · \d+ ms/);
    expect(blockText(down)).toContain('injected fault');
  });

  it('delivers Slack retries with retry headers, and the bot acknowledges each', async () => {
    const before = (await sandbox.deliveries()).length;
    await sandbox.post('/sandbox/api/command', { channel: 'general', user: ALICE, command: '/cia', text: 'help', retries: 2 });
    const deliveries = (await sandbox.deliveries()).slice(before);
    expect(deliveries.map((d) => [d.kind, d.status, d.retry_num ?? 0])).toEqual([
      ['command', 200, 0],
      ['command', 200, 1],
      ['command', 200, 2],
    ]);
  });

  it('answers a mention in the mention\'s thread', async () => {
    const { body } = await sandbox.post<{ ts: string }>('/sandbox/api/message', { channel: 'oncall', user: ALICE, text: '@cia help' });
    const messages = await sandbox.waitFor(() => sandbox.messages('oncall'), (all) => all.some((m) => m.thread_ts === body.ts && m.bot_id), 'a reply in the thread');
    const root = messages.find((m) => m.ts === body.ts)!;
    expect(root.text).toBe('<@U0CIABOT> help');
    expect(root.reply_count).toBe(1);
    expect(messages.find((m) => m.thread_ts === body.ts && m.bot_id)!.blocks[0]).toMatchObject({ type: 'header' });
  });

  it('runs the button a user clicks', async () => {
    const help = await sandbox.post<{ ts: string }>('/sandbox/api/message', { channel: 'general', user: ALICE, text: '@cia help' });
    const [reply] = (await sandbox.waitFor(() => sandbox.messages('general'), (all) => all.some((m) => m.thread_ts === help.body.ts && m.bot_id), 'help in the thread')).filter(
      (m) => m.thread_ts === help.body.ts && m.bot_id,
    );
    const clicked = await sandbox.post<{ status: number }>('/sandbox/api/action', { channel: 'general', message_ts: reply!.ts, action_id: 'cia_health', user: ALICE });
    expect(clicked.body.status).toBe(200);
    const after = await sandbox.waitFor(() => sandbox.messages('general'), (all) => all.some((m) => m.ephemeral && m.thread_ts === help.body.ts), 'the health answer');
    expect(blockText(after.find((m) => m.ephemeral && m.thread_ts === help.body.ts)!)).toContain('cia health');
  });

  it('rejects bad test-API input with a message that says what is wrong', async () => {
    const unknownChannel = await sandbox.post<{ error: string }>('/sandbox/api/command', { channel: 'random', user: ALICE, command: '/cia', text: 'help' });
    expect(unknownChannel.status).toBe(404);
    expect(unknownChannel.body.error).toContain('known: general, oncall');
    const badFault = await sandbox.post<{ error: string }>('/sandbox/api/faults', { target: 'chat.update', count: 0 });
    expect(badFault.status).toBe(400);
    expect(badFault.body.error).toContain('count');
  });
});

describe('request verification on /slack/events', () => {
  const form = 'command=%2Fcia&text=help&user_id=U01ALICE&channel_id=C01GENERAL&team_id=T0SANDBOX&trigger_id=1.2&response_url=http%3A%2F%2F127.0.0.1%2Fx';
  const post = (headers: Record<string, string>) => fetch(sandbox.botUrl, { method: 'POST', body: form, headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers } });

  async function expectRejected(headers: Record<string, string>) {
    const callsBefore = (await sandbox.calls()).length;
    const response = await post(headers);
    expect(response.status).toBe(401);
    // No listener ran: nothing reached the Slack API.
    await new Promise((r) => setTimeout(r, 200));
    expect((await sandbox.calls()).length).toBe(callsBefore);
  }

  it('answers 401 to an unsigned request', async () => {
    await expectRejected({});
  });

  it('answers 401 to a wrong signature', async () => {
    await expectRejected(signSlackRequest('not-the-secret-at-all', form));
  });

  it('answers 401 to a correctly signed but stale request (over 5 minutes old)', async () => {
    await expectRejected(signSlackRequest(sandbox.signingSecret, form, Math.floor(Date.now() / 1000) - 6 * 60));
  });

  it('accepts the same request signed now', async () => {
    const response = await post(signSlackRequest(sandbox.signingSecret, form));
    expect(response.status).toBe(200);
  });
});

describe('the Web API emulator rejects what Slack rejects', () => {
  let client: WebClient;
  beforeAll(() => {
    client = new WebClient(sandbox.workspace.bot.token, { slackApiUrl: `${sandbox.sandboxUrl}/api/`, retryConfig: { retries: 0 } });
  });
  const section = (i: number) => ({ type: 'section', text: { type: 'mrkdwn', text: `row ${i}` } });

  it('refuses a message of 51 blocks with invalid_blocks, as Slack does', async () => {
    await expect(client.chat.postMessage({ channel: 'C01GENERAL', text: 'x', blocks: Array.from({ length: 51 }, (_, i) => section(i)) as never })).rejects.toMatchObject({
      data: { ok: false, error: 'invalid_blocks', response_metadata: { messages: ['[ERROR] must be less than 51 items [json-pointer:/blocks]'] } },
    });
    await expect(client.chat.postMessage({ channel: 'C01GENERAL', text: 'x', blocks: Array.from({ length: 50 }, (_, i) => section(i)) as never })).resolves.toMatchObject({ ok: true });
  });

  it('refuses a second table block in one message', async () => {
    const table = { type: 'table', rows: [[{ type: 'raw_text', text: 'a' }]] };
    await expect(client.chat.postMessage({ channel: 'C01GENERAL', text: 'x', blocks: [table, table] as never })).rejects.toMatchObject({ data: { error: 'invalid_blocks' } });
  });

  it('answers with Slack\'s error names for unknown channels, tokens and messages', async () => {
    await expect(client.chat.postMessage({ channel: 'C0NOPE', text: 'x' })).rejects.toMatchObject({ data: { error: 'channel_not_found' } });
    await expect(client.chat.update({ channel: 'C01GENERAL', ts: '1.000001', text: 'x' })).rejects.toMatchObject({ data: { error: 'message_not_found' } });
    const stranger = new WebClient('xoxb-someone-else', { slackApiUrl: `${sandbox.sandboxUrl}/api/`, retryConfig: { retries: 0 } });
    await expect(stranger.auth.test()).rejects.toMatchObject({ data: { error: 'invalid_auth' } });
  });

  it('edits messages in place, counts the edits and records every call', async () => {
    const posted = await client.chat.postMessage({ channel: 'C01GENERAL', text: 'working…' });
    await client.chat.update({ channel: 'C01GENERAL', ts: posted.ts!, text: 'done' });
    const message = (await sandbox.messages('general')).find((m) => m.ts === posted.ts)!;
    expect(message).toMatchObject({ text: 'done', edits: 1 });
    const calls = await sandbox.calls();
    expect(calls.filter((c) => c.ts === posted.ts).map((c) => c.method)).toEqual(['chat.postMessage', 'chat.update']);
  });

  it('fails the next calls of a method with the injected status, then recovers', async () => {
    await sandbox.post('/sandbox/api/faults', { target: 'chat.postMessage', status: 500, count: 1 });
    await expect(client.chat.postMessage({ channel: 'C01GENERAL', text: 'x' })).rejects.toMatchObject({ code: 'slack_webapi_http_error' });
    await expect(client.chat.postMessage({ channel: 'C01GENERAL', text: 'x' })).resolves.toMatchObject({ ok: true });
    await sandbox.post('/sandbox/api/faults', { target: 'chat.update', status: 429, count: 1, retry_after: 1 });
    const rateLimited = new WebClient(sandbox.workspace.bot.token, { slackApiUrl: `${sandbox.sandboxUrl}/api/`, rejectRateLimitedCalls: true });
    await expect(rateLimited.chat.update({ channel: 'C01GENERAL', ts: '1.1', text: 'x' })).rejects.toMatchObject({ code: 'slack_webapi_rate_limited_error' });
  });

  it('gives each user a time zone in users.info', async () => {
    const { user } = await client.users.info({ user: 'U02BOB' });
    expect(user).toMatchObject({ tz: 'America/New_York' });
    expect(typeof user!.tz_offset).toBe('number');
  });
});
