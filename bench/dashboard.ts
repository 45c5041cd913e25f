/**
 * The supervision dashboard on a large federation: associations of many loans (and 100 member
 * households each) written straight into a fresh table with the store's item builders, then
 * GET /federations/{fid}/dashboard through the local adapter, timed. Building and writing the
 * data are timed apart from the reads.
 *
 * Loans: 12 monthly equal-principal installments, disbursed on one of the 360 days before
 * today, so every one is open (the worst case: loans repaid before the date are never read);
 * most paid every installment on its due date; in each association up to 7.5% stopped paying
 * after a few, so the dashboard has overdue loans, PAR30 and every rating to find. The books
 * agree with the loans: loans out (1101) is Σ principal outstanding, cash is the rest of the
 * fund and fees.
 *
 * Default 100 associations × 1,000 loans, the size the federation issue asks for: about 3
 * minutes to build and write on this machine, then the GETs (about 15 s each: every open
 * loan is read and worked out, see functions/federation/dashboard.ts). Smaller runs:
 * `npx tsx bench/dashboard.ts [associations] [loans each] [runs]`.
 */
import { performance } from 'node:perf_hooks';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Association } from '#domain/association.ts';
import { defaultCharter } from '#domain/charter.ts';
import {
  associationFigures,
  federationDashboard,
  type AssociationBooks,
  type AssociationFigures,
} from '#domain/federation/dashboard.ts';
import { defaultFederationSettings } from '#domain/federation/settings.ts';
import { addDays } from '#domain/dates.ts';
import { accountByCode, accounts } from '#domain/ledger/chart.ts';
import { defaultLoanRules, type Loan, type LoanRepayment } from '#domain/loans/loan.ts';
import { loanPosition } from '#domain/loans/position.ts';
import { buildSchedule, type Schedule } from '#domain/loans/schedule.ts';
import { memberIdFor } from '#domain/members/enrolment.ts';
import type { Member } from '#domain/members/member.ts';
import { Money } from '#domain/money.ts';
import { describeRate, parseRate } from '#domain/rate.ts';
import { todayInShanghai } from '#api/today.ts';
import { createAssociation, createFederation } from '../functions/store/associations.ts';
import type { Store } from '../functions/store/client.ts';
import { loanIdFor, loanItem } from '../functions/store/loans.ts';
import { memberItem } from '../functions/store/members.ts';
import { numberValue } from '../functions/store/numbers.ts';
import { keys } from '../functions/store/table-definition.ts';
import { startLocalSystem } from '../local/system.ts';

export interface DashboardBenchSizes {
  associations: number;
  loansPerAssociation: number;
  membersPerAssociation: number;
  /** Timed GETs after one untimed warm-up. */
  runs: number;
}

export const defaultSizes: DashboardBenchSizes = {
  associations: 100,
  loansPerAssociation: 1000,
  membersPerAssociation: 100,
  runs: 3,
};

const federationId = 'bench';
const principals = ['3000.00', '5000.00', '8000.00', '10000.00', '12000.00', '20000.00'];
const wording = { monthlyPermille: '6' };
const rate = describeRate(parseRate(wording));
const terms = { ...defaultLoanRules, penaltyMarkupPercent: '50' };

/** One schedule per principal and disbursement day, shared by every loan that has them. */
function scheduleCache() {
  const cache = new Map<string, Schedule>();
  return (principal: string, disbursedOn: string) => {
    const key = `${principal}@${disbursedOn}`;
    let schedule = cache.get(key);
    if (!schedule) {
      schedule = buildSchedule({
        principal,
        rate: wording,
        installments: 12,
        frequency: 'monthly',
        method: 'equal-principal',
        disbursedOn,
        dayCount: '30/360',
      });
      cache.set(key, schedule);
    }
    return schedule;
  };
}

function benchLoan(
  aid: string,
  associationIndex: number,
  n: number,
  members: number,
  today: string,
  scheduleFor: ReturnType<typeof scheduleCache>,
): Loan {
  const principal = principals[n % principals.length]!;
  const disbursedOn = addDays(today, -(1 + ((n * 37) % 360)));
  const schedule = scheduleFor(principal, disbursedOn);
  // Association i: i mod 5 loans in 40 stop paying after (n mod 4) installments (0 to 7.5%).
  const defaulter = n % 40 < associationIndex % 5;
  const repayments: LoanRepayment[] = schedule.installments
    .filter((row, i) => row.dueOn <= today && (!defaulter || i < n % 4))
    .map((row) => ({
      id: `r${row.number}`,
      entryId: `je-${row.dueOn.replaceAll('-', '')}-bench${String(row.number).padStart(5, '0')}`,
      on: row.dueOn,
      amount: Money.of(row.principal).plus(Money.of(row.fee)),
      channel: 'cash',
      allocation: {
        penaltyFee: Money.zero,
        fee: Money.of(row.fee),
        principal: Money.of(row.principal),
      },
      reversed: false,
    }));
  const memberId = memberIdFor(1 + (n % members));
  return {
    id: loanIdFor(n + 1),
    associationId: aid,
    memberId,
    principal: Money.of(principal),
    rate,
    method: 'equal-principal',
    frequency: 'monthly',
    installments: 12,
    dayCount: '30/360',
    rounding: 'half-up',
    disbursedOn,
    approvedOn: disbursedOn,
    boardMinute: '理事会〔2026〕1号',
    guarantorIds: [memberIdFor(1 + ((n + 1) % members)), memberIdFor(1 + ((n + 2) % members))],
    purpose: '基准测试',
    product: 'standard',
    channel: 'cash',
    disbursementEntryId: `je-${disbursedOn.replaceAll('-', '')}-benchloan00`,
    terms,
    schedule,
    repayments,
    status: 'open',
    version: 1,
  };
}

function benchMember(aid: string, n: number): Member {
  return {
    id: memberIdFor(n),
    associationId: aid,
    name: '基准户',
    idNumber: '332581195001010012',
    mobile: '13857800000',
    lowIncome: 'none',
    creditGrade: 'A',
    joinedOn: '2013-04-18',
    status: 'active',
    ownShares: 2,
    ownShareAmount: Money.of('2000.00'),
    fiscalShares: 0,
    fiscalShareAmount: Money.zero,
    openLoans: 0,
    guaranteesStanding: 0,
    version: 1,
  };
}

function accountItem(aid: string, code: string, balance: Money): Record<string, unknown> {
  const account = accountByCode(code);
  return {
    ...keys.account(aid, code),
    code,
    name: account.name,
    accountType: account.type,
    balance: numberValue(balance),
  };
}

/** One association's items, and what the dashboard's domain part would be given. */
function associationData(
  association: Association,
  index: number,
  sizes: DashboardBenchSizes,
  today: string,
  scheduleFor: ReturnType<typeof scheduleCache>,
) {
  const aid = association.id;
  const loans = Array.from({ length: sizes.loansPerAssociation }, (_, n) =>
    benchLoan(aid, index, n, sizes.membersPerAssociation, today, scheduleFor),
  );
  const items: Record<string, unknown>[] = [];
  let outstanding = Money.zero;
  let fees = Money.zero;
  let lent = Money.zero;
  for (const loan of loans) {
    const position = loanPosition(loan, today);
    items.push(loanItem(loan, position));
    outstanding = outstanding.plus(position.principalOutstanding);
    fees = fees.plus(position.paid.fee);
    lent = lent.plus(loan.principal);
  }
  for (let n = 1; n <= sizes.membersPerAssociation; n += 1) {
    items.push(memberItem(benchMember(aid, n)));
  }
  // Shares, and fiscal money as large as everything ever lent: cash never goes negative.
  const shares = Money.of('2000.00').times(sizes.membersPerAssociation);
  const fiscal = lent;
  const balances = new Map<string, Money>([
    [accounts.cash.code, shares.plus(fiscal).plus(fees).minus(outstanding)],
    [accounts.loansOut.code, outstanding],
    [accounts.memberShares.code, shares.negated()],
    [accounts.fiscalMoney.code, fiscal.negated()],
    [accounts.feeIncome.code, fees.negated()],
  ]);
  for (const [code, balance] of balances) items.push(accountItem(aid, code, balance));
  const books: AssociationBooks = {
    associationId: aid,
    name: association.name,
    balances,
    members: sizes.membersPerAssociation,
    loans,
  };
  return { items, books };
}

async function batchWrite(store: Store, items: Record<string, unknown>[], parallel = 8) {
  let next = 0;
  const writer = async () => {
    while (next < items.length) {
      const start = next;
      next += 25;
      let pending = items.slice(start, start + 25).map((Item) => ({ PutRequest: { Item } }));
      while (pending.length > 0) {
        const result = await store.db.send(
          new BatchWriteCommand({ RequestItems: { [store.tableName]: pending } }),
        );
        pending = (result.UnprocessedItems?.[store.tableName] ?? []) as typeof pending;
      }
    }
  };
  await Promise.all(Array.from({ length: parallel }, writer));
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export async function benchDashboard(
  sizes: DashboardBenchSizes = defaultSizes,
): Promise<Record<string, string>> {
  const system = await startLocalSystem({ port: 0, seed: false, notifier: false });
  try {
    const today = todayInShanghai();
    const scheduleFor = scheduleCache();
    await createFederation(system.store, {
      id: federationId,
      name: '基准测试联合会',
      county: '龙泉市',
      township: '竹垟畲族乡',
      foundedOn: '2013-04-18',
    });

    let buildMs = 0;
    let writeMs = 0;
    let domainMs = 0;
    let itemCount = 0;
    // Only the figures are kept: holding every loan would burden the server in this process.
    const allFigures: AssociationFigures[] = [];
    for (let index = 1; index <= sizes.associations; index += 1) {
      const association: Association = {
        id: `bench-${String(index).padStart(3, '0')}`,
        federationId,
        name: `基准测试第${index}互助会`,
        village: `第${index}村`,
        foundedOn: '2013-04-18',
        treasurerPhone: '13857801000',
        charter: defaultCharter(),
      };
      let started = performance.now();
      const { items, books } = associationData(association, index, sizes, today, scheduleFor);
      buildMs += performance.now() - started;
      started = performance.now();
      await createAssociation(system.store, association);
      await batchWrite(system.store, items);
      writeMs += performance.now() - started;
      itemCount += items.length + 1;
      // The domain part alone, on the data in memory: what the Lambda computes after its reads.
      started = performance.now();
      allFigures.push(associationFigures(books, today));
      domainMs += performance.now() - started;
    }
    const settings = defaultFederationSettings();
    const started = performance.now();
    const computed = federationDashboard({ asOf: today, associations: allFigures, settings });
    domainMs += performance.now() - started;

    const login = await fetch(`${system.url}/local/login`, {
      method: 'POST',
      body: JSON.stringify({ username: 'admin' }),
    });
    const { token } = (await login.json()) as { token: string };
    const totals = computed.totals;
    const size = `${sizes.associations} × ${sizes.loansPerAssociation} loans`;
    const figures: Record<string, string> = {
      [`build items (${size}, ${sizes.membersPerAssociation} members each)`]: seconds(buildMs),
      [`write ${itemCount} items (BatchWrite, 8 writers)`]: seconds(writeMs),
      'items written per second': (itemCount / (writeMs / 1000)).toFixed(0),
      'domain compute alone (associationFigures + federationDashboard)': `${domainMs.toFixed(0)} ms`,
      'outstanding / PAR30': `${totals.outstanding} / ${totals.par30Percent}%`,
      'ratings green / yellow / red': `${totals.ratings.green} / ${totals.ratings.yellow} / ${totals.ratings.red}`,
    };

    let bytes = 0;
    // The handler runs in this process: the heap it adds while it answers is what the Lambda
    // needs on top of its own start (sampled between its awaits, so a floor of the peak).
    let peakHeapGrowth = 0;
    /** One GET; undefined when it failed (the local adapter stops a request at 30 s). */
    const read = async (): Promise<number | undefined> => {
      global.gc?.();
      const heapBefore = process.memoryUsage().heapUsed;
      const sampler = setInterval(() => {
        peakHeapGrowth = Math.max(peakHeapGrowth, process.memoryUsage().heapUsed - heapBefore);
      }, 10);
      const started = performance.now();
      const response = await fetch(`${system.url}/federations/${federationId}/dashboard`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const text = await response.text();
      const elapsed = performance.now() - started;
      clearInterval(sampler);
      if (response.status !== 200) {
        figures['GET dashboard'] =
          `failed after ${seconds(elapsed)}: ${response.status} ${JSON.parse(text).code}` +
          ' (the local adapter, like API Gateway, gives a request 30 s)';
        return undefined;
      }
      // The API read the same books the bench built.
      const body = JSON.parse(text) as { totals: unknown };
      if (JSON.stringify(body.totals) !== JSON.stringify(totals)) {
        throw new Error(`the dashboard disagrees with the books the bench wrote: ${text}`);
      }
      bytes = text.length;
      return elapsed;
    };
    const warm = await read(); // warm-up: JIT, connections
    if (warm === undefined) return figures;
    const times: number[] = [];
    for (let run = 0; run < sizes.runs; run += 1) {
      const elapsed = await read();
      if (elapsed === undefined) return figures;
      times.push(elapsed);
    }
    times.sort((x, y) => x - y);
    return {
      ...figures,
      [`GET dashboard median (n=${sizes.runs})`]: `${times[Math.floor(times.length / 2)]!.toFixed(0)} ms`,
      'GET dashboard min / max': `${times[0]!.toFixed(0)} / ${times.at(-1)!.toFixed(0)} ms`,
      'GET dashboard first (warm-up)': `${warm.toFixed(0)} ms`,
      'response size': `${(bytes / 1024).toFixed(0)} KiB`,
      'heap added while answering (peak sampled, all GETs)': `${(peakHeapGrowth / 2 ** 20).toFixed(0)} MiB`,
    };
  } finally {
    await system.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [associations, loansPerAssociation, runs] = process.argv.slice(2).map(Number);
  const figures = await benchDashboard({
    ...defaultSizes,
    ...(associations ? { associations } : {}),
    ...(loansPerAssociation ? { loansPerAssociation } : {}),
    ...(runs ? { runs } : {}),
  });
  for (const [figure, value] of Object.entries(figures)) console.log(`${figure}: ${value}`);
}
