import { createSlackHandler } from '../../bot/lambda/slack-handler.js';
import { signSlackRequest } from '../../bot/sandbox/emulator/delivery.js';
import { startEmbeddedDynamo, type EmbeddedDynamo } from '../../bot/embedded/dynamodb.js';

const SECRET = 'lambdasigningsecret0123456789';

function apiGatewayEvent(body: string, headers: Record<string, string>, base64 = false) {
  return {
    version: '2.0', routeKey: 'POST /slack/events', rawPath: '/slack/events', rawQueryString: '', requestContext: {},
    headers, body: base64 ? Buffer.from(body, 'utf8').toString('base64') : body, isBase64Encoded: base64,
  };
}

describe('the slack Lambda function (AwsLambdaReceiver)', () => {
  let dynamo: EmbeddedDynamo;
  let handler: Awaited<ReturnType<typeof createSlackHandler>>;

  beforeAll(async () => {
    dynamo = await startEmbeddedDynamo(null);
    handler = await createSlackHandler({
      SLACK_BOT_TOKEN: 'xoxb-lambda-test', SLACK_SIGNING_SECRET: SECRET, SLACK_BOT_ID: 'B0CIABOT', SLACK_BOT_USER_ID: 'U0CIABOT',
      CIA_DYNAMODB_ENDPOINT: dynamo.endpoint, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test',
    });
  });
  afterAll(async () => {
    await dynamo.close();
  });

  const helpForm = new URLSearchParams({ command: '/cia', text: 'help café ☕', user_id: 'U01ALICE', channel_id: 'C01GENERAL', team_id: 'T0SANDBOX', trigger_id: '1.2', response_url: 'http://127.0.0.1:9/unused' }).toString();
  const formHeaders = { 'content-type': 'application/x-www-form-urlencoded' };

  it('answers a signed /cia help with Block Kit in the acknowledgement', async () => {
    const response = await handler(apiGatewayEvent(helpForm, { ...formHeaders, ...signSlackRequest(SECRET, helpForm) }), {});
    expect(response.statusCode).toBe(200);
    const body = JSON.parse(response.body);
    expect(body.response_type).toBe('ephemeral');
    expect(body.blocks[0]).toMatchObject({ type: 'header' });
  });

  it('answers 401 to unsigned and stale requests', async () => {
    expect((await handler(apiGatewayEvent(helpForm, formHeaders), {})).statusCode).toBe(401);
    const stale = signSlackRequest(SECRET, helpForm, Math.floor(Date.now() / 1000) - 301);
    expect((await handler(apiGatewayEvent(helpForm, { ...formHeaders, ...stale }), {})).statusCode).toBe(401);
  });

  it('decodes base64 bodies as UTF-8, so non-ASCII JSON events are read correctly', async () => {
    const body = JSON.stringify({ type: 'url_verification', challenge: 'café – p99 ↑' });
    const response = await handler(apiGatewayEvent(body, { 'content-type': 'application/json', ...signSlackRequest(SECRET, body) }, true), {});
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ challenge: 'café – p99 ↑' });
  });
});
