import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BrowserContext, chromium, Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS_DIR = path.resolve(__dirname, '..', 'artifacts');

export function hasChromium(): boolean {
  return fs.existsSync(CHROMIUM_PATH);
}

/** Prints the reason the browser suite is not running where nobody can miss it. */
export function warnChromiumMissing(suite: string): void {
  const bar = '!'.repeat(100);
  console.warn(
    `\n${bar}\n!!! ${suite}: SKIPPED — no Chromium at ${CHROMIUM_PATH}.\n` +
      '!!! Install it (`apt-get update && apt-get install -y chromium`, as .ci/run does) or set CHROMIUM_PATH.\n' +
      `${bar}\n`,
  );
}

export interface HeadlessChromium {
  context: BrowserContext;
  /** A new tab: sessionStorage (the console's key) is per tab, so each tab is its own sign-in. */
  newPage(viewport?: { width: number; height: number }): Promise<Page>;
  close(): Promise<void>;
}

/**
 * Debian's Chromium through playwright-core, headless, on a fresh profile directory per launch
 * (playwright takes the profile as launchPersistentContext's argument rather than --user-data-dir).
 */
export async function launchChromium(): Promise<HeadlessChromium> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'plugboard-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    timeout: 30_000,
    viewport: { width: 1366, height: 860 },
    serviceWorkers: 'block',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  context.setDefaultTimeout(10_000);
  context.setDefaultNavigationTimeout(15_000);
  return {
    context,
    async newPage(viewport) {
      const page = await context.newPage();
      if (viewport) await page.setViewportSize(viewport);
      return page;
    },
    async close() {
      await context.close().catch(() => undefined);
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const file = path.join(ARTIFACTS_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Signs in to the console with an API key alone, as a user would. */
export async function signInToConsole(page: Page, baseUrl: string, key: string): Promise<void> {
  await page.goto(`${baseUrl}/console/`);
  await page.getByLabel('API key').fill(key);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

/** Follows a link of the section navigation and waits for that page's heading. */
export async function openConsoleSection(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name, exact: true }).click();
  await page.getByRole('heading', { level: 1, name }).waitFor();
}
