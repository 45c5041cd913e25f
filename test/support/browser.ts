/**
 * Headless Chromium for page tests: Debian's build, driven by playwright-core. The flags keep
 * it from reaching for the network this machine does not have.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { chromium, type Browser, type BrowserServer, type LaunchOptions } from 'playwright-core';
import { inject } from 'vitest';

const executablePath = '/usr/bin/chromium';
/** Screenshots and PDFs are kept here; git ignores it. */
export const artifacts = 'test-artifacts';

function launchOptions(): LaunchOptions {
  if (!existsSync(executablePath)) {
    throw new Error(`Chromium is missing at ${executablePath}: sudo apt-get install chromium`);
  }
  return {
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
  };
}

/** The browser server the browser project shares (test/support/browser-setup.ts). */
export function launchChromiumServer(): Promise<BrowserServer> {
  return chromium.launchServer(launchOptions());
}

/**
 * The shared browser when the project started one, else a browser of this file's own. Closing
 * a connected browser closes this file's contexts and leaves the server to the other files.
 */
export async function launchChromium(): Promise<Browser> {
  mkdirSync(artifacts, { recursive: true });
  const shared = inject('browserEndpoint');
  if (shared) return chromium.connect(shared);
  return chromium.launch(launchOptions());
}
