/**
 * `npm start`: the whole system on this machine with the demo federation.
 *   npm start                    data kept under .data/ (git ignores it) across runs
 *   npm start -- --in-memory     a clean, in-memory store
 *   PORT=3001 npm start          another port (DynamoDB Local always picks a free one)
 *   HOST=0.0.0.0 npm start       listen beyond this machine (printed warning: demo logins
 *                                have no password); DynamoDB Local stays on 127.0.0.1
 */
import { demoUsers } from './demo-federation.ts';
import { LocalStartError } from './dynamodb-local.ts';
import { exposureWarning, loopbackHost, startLocalSystem } from './system.ts';

const inMemory = process.argv.includes('--in-memory');
const dataDir = process.env.HUZHU_DATA_DIR ?? '.data';
const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST || loopbackHost;

async function main(): Promise<void> {
  console.log(`Starting Huzhu locally (${inMemory ? 'in-memory store' : `data in ${dataDir}/`})…`);
  const system = await startLocalSystem({ port, host, dataDir: inMemory ? undefined : dataDir });
  const users = demoUsers
    .map((user) => `  ${user.username.padEnd(16)} ${user.role.padEnd(11)} ${user.displayName}`)
    .join('\n');
  console.log(`
互助 Huzhu is running at ${system.url}
  DynamoDB Local: ${system.dynamoEndpoint} (table ${system.tableName}, demo data ${system.seeded === 'seeded' ? 'loaded now' : 'kept from the last run'})

The console (出纳、联合会监管员): ${system.url}/console/
Open ${system.url}/ for links, ${system.url}/openapi.json for the API.
Log in as a demo user and call the API:
  TOKEN=$(curl -s -X POST ${system.url}/local/login -d '{"username":"treasurer-01"}' | sed 's/.*"token":"\\([^"]*\\)".*/\\1/')
  curl -H "Authorization: Bearer $TOKEN" ${system.url}/associations/zhuyang-01

Demo users:
${users}

Press Ctrl-C to stop (DynamoDB Local stops with it).`);
  const warning = exposureWarning(host, system.port);
  console.log(
    warning ? `\n${warning}` : `\nListening on ${host} only: not reachable from other machines.`,
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping…`);
    await system.stop();
    process.exit(0);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
    process.on(signal, () => void stop(signal));
}

main().catch((error: unknown) => {
  if (error instanceof LocalStartError) {
    console.error(`\nCannot start Huzhu: ${error.message}`);
  } else {
    console.error(error);
  }
  process.exit(1);
});
