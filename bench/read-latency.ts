/**
 * GET /associations/{aid} through the local adapter (HTTP, JWT check, the real handler,
 * DynamoDB Local) next to one raw GetItem on the same DynamoDB Local: what our layers cost.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../functions/store/table-definition.ts';
import type { LocalSystem } from '../local/system.ts';
import { ms, percentile, timeEach } from './stats.ts';

const warmup = 100;
const samples = 1000;

export async function benchReadLatency(system: LocalSystem): Promise<Record<string, string>> {
  const login = await fetch(`${system.url}/local/login`, {
    method: 'POST',
    body: JSON.stringify({ username: 'treasurer-01' }),
  });
  const { token } = (await login.json()) as { token: string };
  const viaApi = async () => {
    const response = await fetch(`${system.url}/associations/zhuyang-01`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (response.status !== 200) throw new Error(`GET answered ${response.status}`);
    await response.arrayBuffer();
  };
  const rawGet = () =>
    system.store.db.send(
      new GetCommand({ TableName: system.tableName, Key: keys.association('zhuyang-01') }),
    );

  await timeEach(warmup, viaApi);
  await timeEach(warmup, rawGet);
  const api = await timeEach(samples, viaApi);
  const raw = await timeEach(samples, rawGet);
  const apiMedian = percentile(api, 50);
  const rawMedian = percentile(raw, 50);
  return {
    [`GET /associations/{aid} median (n=${samples})`]: ms(apiMedian),
    'GET /associations/{aid} p99': ms(percentile(api, 99)),
    [`raw GetItem median (n=${samples})`]: ms(rawMedian),
    'raw GetItem p99': ms(percentile(raw, 99)),
    'median ratio (API / GetItem)': `${(apiMedian / rawMedian).toFixed(2)}×`,
  };
}
