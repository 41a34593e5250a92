import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startTestSandbox, type TestSandbox } from '../support/sandbox.js';

const CHROMIUM = process.env.CIA_CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Screenshots land here for people to look at; not compared. */
const ARTIFACTS = join(process.cwd(), '.data', 'test-artifacts');

let sandbox: TestSandbox;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`The browser test needs Chromium at ${CHROMIUM}: apt-get install -y chromium (.ci/run does this).`);
  sandbox = await startTestSandbox();
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
});

afterAll(async () => {
  await browser?.close();
  await sandbox?.stop();
});

describe('the sandbox page in a real browser', () => {
  it('shows #general and #oncall, and renders /cia help typed into the composer', async () => {
    await page.goto(sandbox.sandboxUrl);
    await page.getByTestId('channel-general').waitFor();
    await page.getByTestId('channel-oncall').waitFor();

    const composer = page.getByTestId('composer');
    await composer.fill('/cia help');
    await composer.press('Enter');

    await page.getByText('investigate your AWS organization from Slack').waitFor({ timeout: 10_000 });
    await page.getByText('Only visible to you').first().waitFor();
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'sandbox-help.png') });
  });

  it('answers a mention in a thread that opens in the thread pane', async () => {
    await page.getByTestId('channel-oncall').click();
    const composer = page.getByTestId('composer');
    await composer.fill('@cia help');
    await composer.press('Enter');
    await page.getByTestId('open-thread').first().click();
    const thread = page.getByTestId('thread-pane');
    await thread.getByText('investigate your AWS organization from Slack').waitFor({ timeout: 10_000 });
    await page.screenshot({ path: join(ARTIFACTS, 'sandbox-thread.png') });
  });
});

describe('an investigation in the sandbox page', () => {
  it('runs a question from the composer and a follow-up from the thread pane', async () => {
    await page.getByTestId('channel-general').click();
    const composer = page.getByTestId('composer');
    await composer.fill('/cia how many API calls failed today?');
    await composer.press('Enter');
    const openThread = page.getByTestId('open-thread').last();
    await openThread.waitFor({ timeout: 15_000 });
    await openThread.click();
    const thread = page.getByTestId('thread-pane');
    await thread.getByText(/CloudTrail events that failed/).first().waitFor({ timeout: 30_000 });
    await thread.getByText(/✅/).first().waitFor({ timeout: 30_000 });

    const reply = page.getByTestId('thread-composer');
    await reply.fill('and what about yesterday?');
    await reply.press('Enter');
    // The reply as a message in the thread (the composer may still hold the text for a moment).
    await thread.getByTestId('message').filter({ hasText: 'and what about yesterday?' }).first().waitFor();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="thread-pane"] [data-testid="message"]').length >= 6, undefined, { timeout: 30_000 });
    await thread.getByText(/yesterday \(/).first().waitFor({ timeout: 30_000 });
    await page.screenshot({ path: join(ARTIFACTS, 'sandbox-investigation.png') });
  }, 90_000);
});
