/**
 * Loans: schedules built per second (pure, decimal.js), repayments recorded per second through
 * the local adapter, and the latency of GET .../loans/{lid} for a loan with 100 repayments
 * (its position is recomputed from the schedule and every repayment on each read).
 */
import { randomUUID } from 'node:crypto';
import { addDays } from '#domain/dates.ts';
import { buildSchedule } from '#domain/loans/schedule.ts';
import type { LocalSystem } from '../local/system.ts';
import { ms, percentile, timeEach } from './stats.ts';

export function benchSchedules(): Record<string, string> {
  const input = {
    principal: '12000.00',
    rate: { monthlyPermille: '6' },
    installments: 12,
    frequency: 'monthly',
    method: 'equal-installment',
    disbursedOn: '2026-01-15',
    dayCount: 'ACT/365',
  } as const;
  for (let i = 0; i < 200; i += 1) buildSchedule(input);
  const count = 5000;
  const started = performance.now();
  for (let i = 0; i < count; i += 1) buildSchedule(input);
  const seconds = (performance.now() - started) / 1000;
  return { 'schedules/s (12 monthly, equal installments, ACT/365)': (count / seconds).toFixed(0) };
}

export async function benchLoanApi(system: LocalSystem): Promise<Record<string, string>> {
  const login = await fetch(`${system.url}/local/login`, {
    method: 'POST',
    body: JSON.stringify({ username: 'treasurer-05' }),
  });
  const { token } = (await login.json()) as { token: string };
  const base = `${system.url}/associations/zhuyang-05`;
  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'idempotency-key': randomUUID(),
      },
      body: JSON.stringify(body),
    });
    const json = (await response.json()) as { loan?: { id: string } };
    if (response.status !== 201)
      throw new Error(`${path}: ${response.status} ${JSON.stringify(json)}`);
    return json;
  };
  const created = await post('/loans', {
    memberId: 'm0041',
    principal: '5000.00',
    installments: 12,
    disbursedOn: '2025-01-01',
    approvedOn: '2024-12-28',
    boardMinute: '理事会〔2024〕12号',
    guarantorIds: ['m0042', 'm0043'],
    purpose: '基准测试',
  });
  const lid = created.loan!.id;
  const repayments = 100;
  const started = performance.now();
  for (let n = 1; n <= repayments; n += 1) {
    await post(`/loans/${lid}/repayments`, { amount: '30.00', on: addDays('2025-01-01', n * 3) });
  }
  const seconds = (performance.now() - started) / 1000;
  const read = async () => {
    const response = await fetch(`${base}/loans/${lid}?asOf=2026-01-01`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (response.status !== 200) throw new Error(`GET loan: ${response.status}`);
    await response.arrayBuffer();
  };
  await timeEach(20, read);
  const samples = await timeEach(200, read);
  return {
    [`repayments/s, one after another (n=${repayments})`]: (repayments / seconds).toFixed(0),
    'GET loan with 100 repayments, median (n=200)': ms(percentile(samples, 50)),
    'GET loan with 100 repayments, p99': ms(percentile(samples, 99)),
  };
}
