import { LogLevel } from '@slack/bolt';
import { RedactingLogger } from '../../../bot/logging/redacting-logger.js';
import { REDACTED, redactSecrets, secretValues } from '../../../bot/logging/redact-secrets.js';

const ENV = {
  SLACK_BOT_TOKEN: 'xoxb-123456789012-1234567890123-abcdefABCDEF1234567890ab',
  SLACK_SIGNING_SECRET: '8f742231b10e8888abcd99yyyzzz85a5',
  SLACK_APP_TOKEN: 'xapp-1-A0123-456-deadbeef',
  CIA_OPENAI_API_KEY: 'sk-proj-0123456789abcdefghij',
  DB_PASSWORD: 'short',
  CIA_DATA_DIR: '/var/data/cia-long-enough-path',
};

function capture() {
  const lines: string[] = [];
  const sink = { debug: (l: string) => lines.push(l), info: (l: string) => lines.push(l), warn: (l: string) => lines.push(l), error: (l: string) => lines.push(l) };
  return { lines, logger: new RedactingLogger(sink, secretValues(ENV)) };
}

describe('secrets never reach a log line', () => {
  it('knows the secret-named variables, not the others (and not values too short to match safely)', () => {
    expect(secretValues(ENV).sort()).toEqual([ENV.CIA_OPENAI_API_KEY, ENV.SLACK_APP_TOKEN, ENV.SLACK_BOT_TOKEN, ENV.SLACK_SIGNING_SECRET].sort());
  });

  it('redacts them in messages, errors with stacks and nested objects', () => {
    const { lines, logger } = capture();
    const error = new Error(`chat.postMessage failed with token ${ENV.SLACK_BOT_TOKEN}`);
    logger.error('[cia:worker] investigation failed', error);
    logger.warn('request', { headers: { authorization: `Bearer ${ENV.SLACK_APP_TOKEN}`, 'x-secret': ENV.SLACK_SIGNING_SECRET }, body: { key: ENV.CIA_OPENAI_API_KEY } });
    const printed = lines.join('\n');
    for (const value of secretValues(ENV)) expect(printed).not.toContain(value);
    expect(printed).toContain(REDACTED);
    expect(printed).toContain('[cia:worker] investigation failed');
    expect(printed).toContain('at '); // the stack is kept, only the secret goes
  });

  it('redacts credentials by their shape even when no variable holds them', () => {
    const text = [
      'token xoxp-9999999999-8888888888-77777777',
      'key AKIAIOSFODNN7EXAMPLE',
      'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      'Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload.signature',
      '-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----',
    ].join('\n');
    const redacted = redactSecrets(text, []);
    expect(redacted).not.toMatch(/xoxp-9|AKIAIOSFODNN7EXAMPLE|wJalrXUtnFEMI|eyJhbGci|MIIEow/);
    expect(redacted.match(/\[redacted\]/g)).toHaveLength(5);
  });

  it('leaves ordinary log lines alone and honours the level', () => {
    const { lines, logger } = capture();
    logger.setLevel(LogLevel.WARN);
    logger.info('not shown');
    logger.warn('[cia:memory] could not save to local memory: disk full');
    expect(lines).toEqual(['[WARN] cia [cia:memory] could not save to local memory: disk full']);
  });

  it('hands a structured logger (Powertools on Lambda) the redacted message alone: level and service are its fields', () => {
    const calls: Array<[string, string]> = [];
    const structured = { debug: (l: string) => calls.push(['debug', l]), info: (l: string) => calls.push(['info', l]), warn: (l: string) => calls.push(['warn', l]), error: (l: string) => calls.push(['error', l]) };
    new RedactingLogger(structured, secretValues(ENV), 'structured').error('[cia:worker] Slack said no to', ENV.SLACK_BOT_TOKEN);
    expect(calls).toEqual([['error', '[cia:worker] Slack said no to [redacted]']]);
  });
});
