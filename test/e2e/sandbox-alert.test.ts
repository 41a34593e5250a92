import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startTestSandbox, type TestSandbox } from '../support/sandbox.js';
import { sharedTestLake } from '../support/test-lake.js';

const CHROMIUM = process.env.CIA_CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = join(process.cwd(), '.data', 'test-artifacts');

let sandbox: TestSandbox;
let browser: Browser;
let page: Page;
let lake: string;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`The browser test needs Chromium at ${CHROMIUM}: apt-get install -y chromium (.ci/run does this).`);
  lake = mkdtempSync(join(tmpdir(), 'cia-alert-page-lake-'));
  cpSync(await sharedTestLake(), lake, { recursive: true });
  sandbox = await startTestSandbox({ CIA_LAKE_DIR: lake, CIA_STREAM: 'on', CIA_STREAM_SPEED: '60' });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  mkdirSync(ARTIFACTS, { recursive: true });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await sandbox?.stop();
  if (lake) rmSync(lake, { recursive: true, force: true });
});

describe('an alert in the sandbox page', () => {
  it('appears live in #oncall with its buttons, and Acknowledge clicked in the page edits it', async () => {
    await page.goto(sandbox.sandboxUrl);
    await page.getByTestId('channel-oncall').click();
    await sandbox.post('/sandbox/api/simulate', { scenario: 'ddos', minutes: 20 });
    const alert = page.getByTestId('message').filter({ hasText: 'SYN flood (DDoS) on 10.2.0.10' }).first();
    // Generous: on a loaded two-core CI machine the simulated stream runs behind its clock.
    await alert.waitFor({ timeout: 45_000 });
    await alert.getByText('Recommended actions').waitFor({ timeout: 10_000 });
    await alert.getByRole('button', { name: 'Acknowledge' }).click();
    await alert.getByText(/acknowledged by/).waitFor({ timeout: 10_000 });
    await page.screenshot({ path: join(ARTIFACTS, 'sandbox-alert.png') });
    expect(await alert.getByRole('button', { name: 'Acknowledge' }).count()).toBe(0);
    expect(await alert.getByRole('button', { name: 'Investigate' }).count()).toBe(1);
  }, 90_000);
});
