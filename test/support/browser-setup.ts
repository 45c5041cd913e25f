/**
 * One Chromium for the browser project: launched once as a server that every page-test file
 * connects to (each file still opens contexts of its own), instead of one launch per file.
 */
import type { BrowserServer } from 'playwright-core';
import type { TestProject } from 'vitest/node';
import { launchChromiumServer } from './browser.ts';

let server: BrowserServer | undefined;

export async function setup(project: TestProject): Promise<void> {
  server = await launchChromiumServer();
  project.provide('browserEndpoint', server.wsEndpoint());
}

export async function teardown(): Promise<void> {
  await server?.close();
}

declare module 'vitest' {
  export interface ProvidedContext {
    browserEndpoint: string;
  }
}
