/**
 * 账销案存 on the loan item: a written-off loan's debt record (what was owed, what remains,
 * the guarantors' calls, the recoveries), kept as JSON text in the `debt` attribute with
 * amounts as decimal strings, like the schedule and the repayments.
 */
import type { DebtParts, DebtRecord, DebtRecovery } from '#domain/loans/default.ts';
import { Money } from '#domain/money.ts';

const partsText = (p: DebtParts) => ({
  principal: p.principal.toString(),
  fee: p.fee.toString(),
  penalty: p.penalty.toString(),
});

const partsFrom = (p: Record<string, string>): DebtParts => ({
  principal: Money.of(p.principal!),
  fee: Money.of(p.fee!),
  penalty: Money.of(p.penalty!),
});

export function debtText(debt: DebtRecord): string {
  return JSON.stringify({
    writtenOff: partsText(debt.writtenOff),
    remaining: partsText(debt.remaining),
    liability: debt.liability,
    calls: debt.calls.map((c) => ({ guarantorId: c.guarantorId, amount: c.amount.toString() })),
    recoveries: debt.recoveries.map((r) => ({ ...r, allocation: partsText(r.allocation) })),
  });
}

interface DebtJson {
  writtenOff: Record<string, string>;
  remaining: Record<string, string>;
  liability: DebtRecord['liability'];
  calls: { guarantorId: string; amount: string }[];
  recoveries: (Omit<DebtRecovery, 'allocation'> & { allocation: Record<string, string> })[];
}

export function debtFromText(text: string): DebtRecord {
  const raw = JSON.parse(text) as DebtJson;
  return {
    writtenOff: partsFrom(raw.writtenOff),
    remaining: partsFrom(raw.remaining),
    liability: raw.liability,
    calls: raw.calls.map((c) => ({
      guarantorId: c.guarantorId,
      amount: Money.of(c.amount),
    })),
    recoveries: raw.recoveries.map((r): DebtRecovery => ({
      id: String(r.id),
      on: String(r.on),
      fromId: String(r.fromId),
      source: r.source,
      allocation: partsFrom(r.allocation),
      entryId: String(r.entryId),
    })),
  };
}
