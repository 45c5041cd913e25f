/**
 * Headless Chromium for page tests: Debian's build, driven by playwright-core. The flags keep
 * it from reaching for the network this machine does not have.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

const executablePath = '/usr/bin/chromium';
/** Screenshots and PDFs are kept here; git ignores it. */
export const artifacts = 'test-artifacts';

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(executablePath)) {
    throw new Error(`Chromium is missing at ${executablePath}: sudo apt-get install chromium`);
  }
  mkdirSync(artifacts, { recursive: true });
  return chromium.launch({
    executablePath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}
