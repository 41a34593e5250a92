import { signSlackRequest } from '../../../bot/sandbox/emulator/delivery.js';
import { startTestSandbox, type TestSandbox } from '../../support/sandbox.js';

/** Hostile input (issue 7): correctly signed but broken Slack payloads are answered, and nothing crashes. */

let sandbox: TestSandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox();
}, 120_000);
afterAll(async () => {
  await sandbox.stop();
});

const FORM = 'application/x-www-form-urlencoded';
const JSON_TYPE = 'application/json';

async function deliver(body: string, contentType: string): Promise<number> {
  const response = await fetch(sandbox.botUrl, { method: 'POST', body, headers: { 'content-type': contentType, ...signSlackRequest(sandbox.signingSecret, body) } });
  await response.text();
  return response.status;
}

describe('broken Slack payloads, signed', () => {
  it.each([
    ['an interaction whose payload is not JSON', 'payload=%7Bnot-json', FORM],
    ['an interaction with an empty payload', 'payload=', FORM],
    ['an interaction of an unknown type', `payload=${encodeURIComponent(JSON.stringify({ type: 'mystery', team: { id: 'T0SANDBOX' }, user: { id: 'U01ALICE' } }))}`, FORM],
    ['a block action without actions', `payload=${encodeURIComponent(JSON.stringify({ type: 'block_actions', team: { id: 'T0SANDBOX' }, user: { id: 'U01ALICE' }, actions: [] }))}`, FORM],
    ['a block action with a foreign action id and garbage value', `payload=${encodeURIComponent(JSON.stringify({ type: 'block_actions', team: { id: 'T0SANDBOX' }, user: { id: 'U01ALICE' }, channel: { id: 'C01GENERAL' }, container: { message_ts: '1.2' }, actions: [{ action_id: 'cia_rerun', value: '\u0000{{{' }] }))}`, FORM],
    ['a command without user or channel', 'command=%2Fcia&text=who%20deleted%20buckets', FORM],
    ['a command with a 40,000-character text', `command=%2Fcia&text=${'a'.repeat(40_000)}&user_id=U01ALICE&channel_id=C01GENERAL&team_id=T0SANDBOX`, FORM],
    ['an event callback without an event', JSON.stringify({ type: 'event_callback', team_id: 'T0SANDBOX', event_id: 'Ev1' }), JSON_TYPE],
    ['a message event without text or user', JSON.stringify({ type: 'event_callback', team_id: 'T0SANDBOX', event_id: 'Ev2', event: { type: 'message', channel: 'C01GENERAL', ts: '1.1' } }), JSON_TYPE],
    ['an app mention with a non-string text', JSON.stringify({ type: 'event_callback', team_id: 'T0SANDBOX', event_id: 'Ev3', event: { type: 'app_mention', text: { evil: true }, user: 'U01ALICE', channel: 'C01GENERAL', ts: '1.3' } }), JSON_TYPE],
    ['a body that is not JSON', '{"type": "event_callback", ', JSON_TYPE],
    ['an unknown payload type', JSON.stringify({ type: 'definitely_not_slack' }), JSON_TYPE],
  ])('answers %s and keeps running', async (_, body, contentType) => {
    const status = await deliver(body, contentType);
    expect(status).toBeLessThan(500);
    await sandbox.jobs.idle();
  });

  it('still answers a real command afterwards', async () => {
    await sandbox.post('/sandbox/api/command', { channel: 'general', user: 'U01ALICE', command: '/cia', text: 'help' });
    const messages = await sandbox.waitFor(() => sandbox.messages('general'), (all) => all.some((m) => m.ephemeral), 'the help');
    expect(messages.some((m) => m.ephemeral)).toBe(true);
  });
});
