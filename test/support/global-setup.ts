/**
 * One DynamoDB Local (in memory) per worker for the run: each test file makes its own table in
 * its worker's engine, so files stay independent, two workers never queue on one engine's
 * single SQLite thread, and Java starts once per worker, not once per file.
 */
import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal, type RunningDynamo } from '../../local/dynamodb-local.ts';

let engines: RunningDynamo[] = [];

export async function setup(project: TestProject): Promise<void> {
  const workers = Math.max(1, Number(project.config.maxWorkers) || 1);
  engines = await Promise.all(Array.from({ length: workers }, () => startDynamoDbLocal()));
  project.provide(
    'dynamoEndpoints',
    engines.map((engine) => engine.endpoint),
  );
}

export async function teardown(): Promise<void> {
  await Promise.all(engines.map((engine) => engine.stop()));
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** One endpoint per worker: worker n (VITEST_POOL_ID) uses the n-th. */
    dynamoEndpoints: string[];
  }
}
