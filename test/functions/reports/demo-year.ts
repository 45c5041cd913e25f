/**
 * A year of activity in 竹垟畲族乡盖竹村资金互助会 (zhuyang-02), 2025, booked through the API
 * on top of the demo seed (nobody new is enrolled). Every figure below is worked out by hand
 * from the loan terms, so the tests can check the reports against it:
 *
 *   loan  borrower  principal  terms (6‰ a month)          2025 fees   2025 penalty
 *   L1    m0001     5000       按期付费到期还本 6, 01-10      6 × 30 = 180
 *   L2    m0006     5000       等额本金 10, 02-15              30+27+…+3 = 165
 *   L3    m0011     5000       按期付费到期还本 12, 03-05     9 × 30 = 270 (3 due in 2026)
 *   L6    m0026     1200       等额本金 6, 03-12               7.20, then default: 1000 written off
 *   L4    m0016     5000       等额本金 5, 04-20               30+24+18+12+6 = 90
 *   L5    m0021     5000       按期付费到期还本 12, 05-08     7 × 30 = 210
 *   L7    m0031     5000       等额本金 5, 06-01               92: the first paid 10 days late:
 *                                                         30 + 1000 × 6‰/30 × 10 = 2.00 fee,
 *                                                         1000 × 6‰ × 50%/30 × 10 = 1.00 penalty
 *   L8    m0036     5000       等额本金 10, 07-10              30+27+24+21+18 = 120
 *   L9    m0041     5000       按期付费到期还本 3, 09-01      3 × 30 = 90
 *   L10   m0046     4000       等额本金 4, 11-03               24
 *   fees 1248.20 + penalty 1.00 = income 1249.20
 *
 * Besides: a donation of 20000 (capital, 03-01); m0060 withdraws its share and leaves (04-01);
 * m0050 buys a second share (07-01); zhuyang-02 pays 60.00 into the federation's risk fund
 * (06-30, a cost) and zhuyang-03 1500.00 (09-30); the fund pays zhuyang-02 1000.00 of relief
 * (10-14) into its risk reserve, and L6's 1000.00 is written off against it (10-15).
 */
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { Money } from '#domain/money.ts';
import type { TestSystem } from '../../support/local-system.ts';
import { leaveSetOffToTheBoard } from '../books-fixtures.ts';

export const aid = 'zhuyang-02';
export const treasurer = 'treasurer-02';

interface Paid {
  on: string;
  principal: string;
  fee: string;
  penalty?: string;
}

interface PlannedLoan {
  key: string;
  memberId: string;
  guarantorIds: [string, string];
  principal: string;
  method: 'equal-principal' | 'interest-only';
  installments: number;
  disbursedOn: string;
  purpose: string;
  paid: Paid[];
  writtenOffOn?: string;
}

/** An installment of an equal-principal loan paid on its due date. */
const due = (on: string, principal: string, fee: string): Paid => ({ on, principal, fee });
const feeOnly = (on: string): Paid => ({ on, principal: '0.00', fee: '30.00' });

export const loans: PlannedLoan[] = [
  {
    key: 'L1',
    memberId: 'm0001',
    guarantorIds: ['m0002', 'm0003'],
    principal: '5000.00',
    method: 'interest-only',
    installments: 6,
    disbursedOn: '2025-01-10',
    purpose: '购买茶苗',
    paid: [
      ...['02-10', '03-10', '04-10', '05-10', '06-10'].map((d) => feeOnly(`2025-${d}`)),
      due('2025-07-10', '5000.00', '30.00'),
    ],
  },
  {
    key: 'L2',
    memberId: 'm0006',
    guarantorIds: ['m0007', 'm0008'],
    principal: '5000.00',
    method: 'equal-principal',
    installments: 10,
    disbursedOn: '2025-02-15',
    purpose: '香菇种植',
    paid: ['30', '27', '24', '21', '18', '15', '12', '9', '6', '3'].map((fee, k) =>
      due(`2025-${String(k + 3).padStart(2, '0')}-15`, '500.00', `${fee}.00`),
    ),
  },
  {
    key: 'L3',
    memberId: 'm0011',
    guarantorIds: ['m0012', 'm0013'],
    principal: '5000.00',
    method: 'interest-only',
    installments: 12,
    disbursedOn: '2025-03-05',
    purpose: '毛竹林抚育',
    paid: [4, 5, 6, 7, 8, 9, 10, 11, 12].map((m) =>
      feeOnly(`2025-${String(m).padStart(2, '0')}-05`),
    ),
  },
  {
    key: 'L6',
    memberId: 'm0026',
    guarantorIds: ['m0027', 'm0028'],
    principal: '1200.00',
    method: 'equal-principal',
    installments: 6,
    disbursedOn: '2025-03-12',
    purpose: '养殖土鸡',
    paid: [due('2025-04-12', '200.00', '7.20')],
    writtenOffOn: '2025-10-15',
  },
  {
    key: 'L4',
    memberId: 'm0016',
    guarantorIds: ['m0017', 'm0018'],
    principal: '5000.00',
    method: 'equal-principal',
    installments: 5,
    disbursedOn: '2025-04-20',
    purpose: '购买化肥',
    paid: ['30', '24', '18', '12', '6'].map((fee, k) =>
      due(`2025-${String(k + 5).padStart(2, '0')}-20`, '1000.00', `${fee}.00`),
    ),
  },
  {
    key: 'L5',
    memberId: 'm0021',
    guarantorIds: ['m0022', 'm0023'],
    principal: '5000.00',
    method: 'interest-only',
    installments: 12,
    disbursedOn: '2025-05-08',
    purpose: '农家乐装修',
    paid: [6, 7, 8, 9, 10, 11, 12].map((m) => feeOnly(`2025-${String(m).padStart(2, '0')}-08`)),
  },
  {
    key: 'L7',
    memberId: 'm0031',
    guarantorIds: ['m0032', 'm0033'],
    principal: '5000.00',
    method: 'equal-principal',
    installments: 5,
    disbursedOn: '2025-06-01',
    purpose: '茶叶加工设备',
    paid: [
      { on: '2025-07-11', principal: '1000.00', fee: '32.00', penalty: '1.00' },
      due('2025-08-01', '1000.00', '24.00'),
      due('2025-09-01', '1000.00', '18.00'),
      due('2025-10-01', '1000.00', '12.00'),
      due('2025-11-01', '1000.00', '6.00'),
    ],
  },
  {
    key: 'L8',
    memberId: 'm0036',
    guarantorIds: ['m0037', 'm0038'],
    principal: '5000.00',
    method: 'equal-principal',
    installments: 10,
    disbursedOn: '2025-07-10',
    purpose: '购买耕牛',
    paid: ['30', '27', '24', '21', '18'].map((fee, k) =>
      due(`2025-${String(k + 8).padStart(2, '0')}-10`, '500.00', `${fee}.00`),
    ),
  },
  {
    key: 'L9',
    memberId: 'm0041',
    guarantorIds: ['m0042', 'm0043'],
    principal: '5000.00',
    method: 'interest-only',
    installments: 3,
    disbursedOn: '2025-09-01',
    purpose: '高山蔬菜',
    paid: [feeOnly('2025-10-01'), feeOnly('2025-11-01'), due('2025-12-01', '5000.00', '30.00')],
  },
  {
    key: 'L10',
    memberId: 'm0046',
    guarantorIds: ['m0047', 'm0048'],
    principal: '4000.00',
    method: 'equal-principal',
    installments: 4,
    disbursedOn: '2025-11-03',
    purpose: '竹编作坊',
    paid: [due('2025-12-03', '1000.00', '24.00')],
  },
];

export const planned = {
  fees: '1248.20',
  penaltyFees: '1.00',
  income: '1249.20',
  riskFundContribution: { on: '2025-06-30', amount: '60.00' },
  otherContribution: { on: '2025-09-30', amount: '1500.00' },
  relief: { on: '2025-10-14', amount: '1000.00' },
  writeOff: '1000.00',
  donation: { on: '2025-03-01', amount: '20000.00' },
  purchase: { memberId: 'm0050', on: '2025-07-01' },
  redemption: { memberId: 'm0060', on: '2025-04-01' },
};

/** Every repayment of the plan with its loan, for sums over any period. */
export const repayments = loans.flatMap((loan) => loan.paid.map((p) => ({ loan, ...p })));

const sum = (amounts: string[]) => Money.sum(amounts.map((a) => Money.of(a)));

/** Fee and penalty income of the plan received in [from, to]. */
export function incomeBetween(from: string, to: string): Money {
  return sum(
    repayments
      .filter((r) => r.on >= from && r.on <= to)
      .flatMap((r) => [r.fee, r.penalty ?? '0.00']),
  );
}

/** Loans out (1101) at the end of `day`: lent, less principal repaid, less written off. */
export function loansOutOn(day: string): Money {
  const lent = sum(loans.filter((l) => l.disbursedOn <= day).map((l) => l.principal));
  const repaid = sum(repayments.filter((r) => r.on <= day).map((r) => r.principal));
  const writtenOff = sum(
    loans.filter((l) => l.writtenOffOn && l.writtenOffOn <= day).map(() => planned.writeOff),
  );
  return lent.minus(repaid).minus(writtenOff);
}

/** The planned costs (risk fund contributions) booked up to `day`. */
export const costsUpTo = (day: string) =>
  day >= planned.riskFundContribution.on
    ? Money.of(planned.riskFundContribution.amount)
    : Money.zero;

type Step = { on: string; order: number; run: () => Promise<void> };

/** Books the whole year through the API, in date order; returns each loan's id by key. */
export async function bookDemoYear(api: TestSystem): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  // L6's 1,000 is borne by the reserve, as these figures were worked out.
  await leaveSetOffToTheBoard(api, aid);
  const post = async (user: string, path: string, body: unknown) => {
    const response = await api.request('POST', path, {
      token: await api.login(user),
      body,
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(response.status, `${path}: ${JSON.stringify(response.body)}`).toBe(201);
    return response.body;
  };
  const at = `/associations/${aid}`;
  const steps: Step[] = [];
  for (const loan of loans) {
    steps.push({
      on: loan.disbursedOn,
      order: 0,
      run: async () => {
        const created = await post(treasurer, `${at}/loans`, {
          memberId: loan.memberId,
          principal: loan.principal,
          rate: { monthlyPermille: '6' },
          installments: loan.installments,
          method: loan.method,
          disbursedOn: loan.disbursedOn,
          approvedOn: loan.disbursedOn,
          boardMinute: `理事会〔2025〕${loan.key}号`,
          guarantorIds: loan.guarantorIds,
          purpose: loan.purpose,
        });
        ids.set(loan.key, created.loan.id);
      },
    });
    for (const paid of loan.paid) {
      const amount = sum([paid.principal, paid.fee, paid.penalty ?? '0.00']);
      steps.push({
        on: paid.on,
        order: 1,
        run: async () => {
          const booked = await post(treasurer, `${at}/loans/${ids.get(loan.key)}/repayments`, {
            amount: amount.toString(),
            on: paid.on,
          });
          // The allocation is the hand-worked one: 加收占用费, 占用费, 本金.
          const lines = booked.entry.lines;
          expect(
            {
              principal: amountOn(lines, '1101'),
              fee: amountOn(lines, '4101'),
              penalty: amountOn(lines, '4102'),
            },
            `${loan.key} ${paid.on}`,
          ).toEqual({
            principal: paid.principal,
            fee: paid.fee,
            penalty: paid.penalty ?? '0.00',
          });
        },
      });
    }
    if (loan.writtenOffOn) {
      const on = loan.writtenOffOn;
      steps.push({
        on,
        order: 2,
        run: async () => {
          await post('supervisor', `${at}/loans/${ids.get(loan.key)}/write-off`, {
            on,
            reason: '借款人外出失联，担保人无力代偿',
          });
        },
      });
    }
  }
  const fed = '/federations/zhuyang/risk-fund';
  steps.push(
    {
      on: planned.donation.on,
      order: 0,
      run: async () => {
        await post(treasurer, `${at}/capital`, {
          kind: 'donation',
          amount: planned.donation.amount,
          on: planned.donation.on,
          memo: '乡贤捐赠',
        });
      },
    },
    {
      on: planned.redemption.on,
      order: 0,
      run: async () => {
        await post(treasurer, `${at}/members/${planned.redemption.memberId}/share-redemptions`, {
          shares: 1,
          on: planned.redemption.on,
        });
      },
    },
    {
      on: planned.purchase.on,
      order: 0,
      run: async () => {
        await post(treasurer, `${at}/members/${planned.purchase.memberId}/shares`, {
          shares: 1,
          on: planned.purchase.on,
        });
      },
    },
    {
      on: planned.riskFundContribution.on,
      order: 0,
      run: async () => {
        await post('supervisor', `${fed}/contributions`, {
          associationId: aid,
          ...planned.riskFundContribution,
        });
      },
    },
    {
      on: planned.otherContribution.on,
      order: 0,
      run: async () => {
        await post('supervisor', `${fed}/contributions`, {
          associationId: 'zhuyang-03',
          ...planned.otherContribution,
        });
      },
    },
    {
      on: planned.relief.on,
      order: 0,
      run: async () => {
        await post('supervisor', `${fed}/relief`, { associationId: aid, ...planned.relief });
      },
    },
  );
  steps.sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : a.order - b.order));
  for (const step of steps) await step.run();
  return ids;
}

/** The credit on an account in an entry's lines, "0.00" when it has none. */
function amountOn(lines: { account: string; credit: string }[], account: string): string {
  return lines.find((l) => l.account === account)?.credit ?? '0.00';
}
