import { jest } from '@jest/globals';
import { loadSlackSecrets } from '../../../bot/lambda/slack-secrets.js';

/** SSM cannot run here: the provider's one call is faked, with SSM's answer shape. */
function fakeProvider(values: Record<string, string>) {
  const getParametersByName = jest.fn(async (names: Record<string, object>, options: { decrypt?: boolean; throwOnError?: boolean }) => {
    const missing = Object.keys(names).filter((name) => !(name in values));
    if (missing.length && options.throwOnError) throw new Error(`Failed to fetch parameters: ${missing.join(', ')}`);
    return Object.fromEntries(Object.keys(names).map((name) => [name, values[name]]));
  });
  return { getParametersByName } as unknown as Parameters<typeof loadSlackSecrets>[2] & { getParametersByName: typeof getParametersByName };
}

describe('loadSlackSecrets', () => {
  it('reads only the secrets a function needs, decrypted, into its environment', async () => {
    const provider = fakeProvider({ '/cia/prod/slack/bot-token': 'xoxb-1-2-abc', '/cia/prod/slack/signing-secret': 'abcdef0123456789abcd' });
    const env: NodeJS.ProcessEnv = { CIA_SLACK_SECRETS_PATH: '/cia/prod/slack' };
    await loadSlackSecrets(['SLACK_BOT_TOKEN'], env, provider);
    expect(env.SLACK_BOT_TOKEN).toBe('xoxb-1-2-abc');
    expect(env).not.toHaveProperty('SLACK_SIGNING_SECRET');
    expect(provider.getParametersByName).toHaveBeenCalledWith({ '/cia/prod/slack/bot-token': {} }, { decrypt: true, throwOnError: true });
  });

  it('fails the cold start with the parameter named when one is missing', async () => {
    const env: NodeJS.ProcessEnv = { CIA_SLACK_SECRETS_PATH: '/cia/prod/slack' };
    await expect(loadSlackSecrets(['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET'], env, fakeProvider({ '/cia/prod/slack/bot-token': 'xoxb-1' }))).rejects.toThrow('/cia/prod/slack/signing-secret');
  });

  it('leaves the environment alone without a path, and refuses a path that is not one', async () => {
    const provider = fakeProvider({});
    const env: NodeJS.ProcessEnv = { SLACK_BOT_TOKEN: 'xoxb-local' };
    await loadSlackSecrets(['SLACK_BOT_TOKEN'], env, provider);
    expect(env.SLACK_BOT_TOKEN).toBe('xoxb-local');
    expect(provider.getParametersByName).not.toHaveBeenCalled();
    await expect(loadSlackSecrets(['SLACK_BOT_TOKEN'], { CIA_SLACK_SECRETS_PATH: 'cia/prod' }, provider)).rejects.toThrow(/CIA_SLACK_SECRETS_PATH/);
  });
});
