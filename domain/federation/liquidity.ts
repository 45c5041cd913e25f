/**
 * 资金余缺调剂: the federation plans which associations with spare cash lend to which
 * associations short of cash (shared/DOMAIN.md, Federation rules). The supervisor approves
 * the plan; this module only proposes it, from figures passed in.
 *
 * Amounts are decimal strings on the wire and integer 分 (BigInt) inside: exact, and fast
 * enough for a federation of 10,000 associations.
 */
import { Refusal } from '../refusal.ts';

export interface LiquidityPosition {
  readonly id: string;
  /** Cash on hand. */
  readonly cash: string;
  /** Cash the association must keep. */
  readonly reserveFloor: string;
  /** Cash needed for approved loans waiting to be paid out. */
  readonly demand: string;
  /** The most it may place with other associations now (charter cap). */
  readonly placementCap: string;
}

export interface Transfer {
  readonly from: string;
  readonly to: string;
  readonly amount: string;
}

export interface Shortfall {
  readonly id: string;
  readonly amount: string;
}

export interface LiquidityPlan {
  /** Largest amount first, then by lender and borrower id. */
  readonly transfers: Transfer[];
  /** What stays uncovered, one entry per borrower; largest first, then by id. */
  readonly shortfalls: Shortfall[];
}

const amountFields = ['cash', 'reserveFloor', 'demand', 'placementCap'] as const;

/** Non-negative, at most two decimals as written: "1234", "1234.5", "1234.50". */
const amountPattern = /^\d+(\.\d{1,2})?$/;

interface Party {
  readonly id: string;
  /** Surplus of a lender or deficit of a borrower, in 分; goes down as the plan fills. */
  left: bigint;
}

export function planTransfers(input: {
  readonly associations: readonly LiquidityPosition[];
}): LiquidityPlan {
  const lenders: Party[] = [];
  const borrowers: Party[] = [];
  const seen = new Set<string>();
  input.associations.forEach((position, index) => {
    const [cash, reserveFloor, demand, placementCap] = amountFields.map((field) =>
      toCents(position[field], `associations[${index}].${field}`),
    ) as [bigint, bigint, bigint, bigint];
    if (seen.has(position.id)) {
      throw new Refusal('LIQUIDITY_DUPLICATE_ID', `互助会编号重复：${position.id}`, 'invalid', {
        field: `associations[${index}].id`,
        id: position.id,
      });
    }
    seen.add(position.id);
    // The sign of the net position decides the side, so nobody both lends and borrows.
    const net = cash - reserveFloor - demand;
    const surplus = net < placementCap ? net : placementCap;
    if (surplus > 0n) lenders.push({ id: position.id, left: surplus });
    else if (net < 0n) borrowers.push({ id: position.id, left: -net });
  });
  lenders.sort(byLeftThenId);
  borrowers.sort(byLeftThenId);

  const transfers: { from: string; to: string; cents: bigint }[] = [];
  const move = (lender: Party, borrower: Party, cents: bigint) => {
    transfers.push({ from: lender.id, to: borrower.id, cents });
    lender.left -= cents;
    borrower.left -= cents;
  };

  // Exact matches first: one transfer settles two parties, which the greedy pass alone
  // often misses. Filled in reverse so that pop() takes equal deficits in id order.
  const byDeficit = new Map<bigint, Party[]>();
  for (const borrower of borrowers.toReversed()) {
    const stack = byDeficit.get(borrower.left);
    if (stack) stack.push(borrower);
    else byDeficit.set(borrower.left, [borrower]);
  }
  for (const lender of lenders) {
    const borrower = byDeficit.get(lender.left)?.pop();
    if (borrower) move(lender, borrower, lender.left);
  }

  // Greedy two-pointer over what is left, largest first. Each transfer empties a lender or a
  // borrower (an exact match both), and if all end up empty the last transfer emptied two,
  // so there are at most lenders + borrowers − 1. It stops only when one side is used up,
  // so the total moved is min(total surplus, total deficit).
  const openLenders = lenders.filter((party) => party.left > 0n);
  const openBorrowers = borrowers.filter((party) => party.left > 0n);
  for (let l = 0, b = 0; l < openLenders.length && b < openBorrowers.length;) {
    const lender = openLenders[l]!;
    const borrower = openBorrowers[b]!;
    move(lender, borrower, lender.left < borrower.left ? lender.left : borrower.left);
    if (lender.left === 0n) l += 1;
    if (borrower.left === 0n) b += 1;
  }

  // A (from, to) pair occurs at most once, so this order is total: any input order gives
  // the same plan.
  transfers.sort(
    (x, y) => compareDesc(x.cents, y.cents) || compareIds(x.from, y.from) || compareIds(x.to, y.to),
  );
  return {
    transfers: transfers.map(({ from, to, cents }) => ({ from, to, amount: fromCents(cents) })),
    shortfalls: borrowers
      .filter((party) => party.left > 0n)
      .sort(byLeftThenId)
      .map((party) => ({ id: party.id, amount: fromCents(party.left) })),
  };
}

function toCents(text: unknown, field: string): bigint {
  if (typeof text !== 'string' || !amountPattern.test(text)) {
    throw new Refusal(
      'LIQUIDITY_AMOUNT_INVALID',
      '金额须为不小于零、最多两位小数的数字字符串',
      'invalid',
      { field },
    );
  }
  const [yuan = '0', fen = ''] = text.split('.');
  return BigInt(yuan + fen.padEnd(2, '0'));
}

/** The wire form with two decimals, as Money.toString writes it: 123450n → "1234.50". */
function fromCents(cents: bigint): string {
  const digits = cents.toString().padStart(3, '0');
  return `${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

function compareDesc(x: bigint, y: bigint): number {
  return x > y ? -1 : x < y ? 1 : 0;
}

/** Code-unit order, not localeCompare: the plan must not depend on the machine's locale. */
function compareIds(x: string, y: string): number {
  return x < y ? -1 : x > y ? 1 : 0;
}

function byLeftThenId(x: Party, y: Party): number {
  return compareDesc(x.left, y.left) || compareIds(x.id, y.id);
}
