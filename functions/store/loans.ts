/**
 * Loans: one item per loan holding its terms, schedule and repayments (a loan with hundreds
 * of repayments stays far below DynamoDB's 400 KB). Two index keys, both kept on every write:
 *   GSI1: LOANS#<aid>#<state> / <date>#<lid>: an association's loans by state and next due
 *         date (open) or closing date (paid off, written off), for lists without scans;
 *   GSI2: DUE#<date> / <aid>#<lid>, on open loans only (sparse): the next unpaid due date, read
 *         by the daily reminder schedule for every association at once.
 * The schedule and the repayments are stored as JSON text (amounts as decimal strings), not as
 * nested maps: they are always read and written whole, and a list of maps costs DynamoDB and
 * the SDK a conversion per attribute (a 12-installment loan with 12 repayments has ~200),
 * which made reading a thousand loans for the federation dashboard 2.5 times slower. Items
 * written before hold the same fields as maps and are still read.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Loan, LoanRepayment } from '#domain/loans/loan.ts';
import type { LoanPosition } from '#domain/loans/position.ts';
import { Refusal } from '#domain/refusal.ts';
import type { Store } from './client.ts';
import { counterWrite, newItemWrite, versionedPut } from './guarded-writes.ts';
import { decodeCursor, encodeCursor } from './members.ts';
import { debtFromText, debtText } from './loan-debt.ts';
import { countFrom, moneyFrom, numberValue } from './numbers.ts';
import type { ItemKey } from './table-definition.ts';
import type { GuardedWrite } from './write-once.ts';

export const loanKey = (aid: string, lid: string): ItemKey => ({
  PK: `ASSOC#${aid}`,
  SK: `LOAN#${lid}`,
});

/** l0001, l0002, …: short and sequential within an association, like member numbers. */
export const loanIdFor = (sequence: number) => `l${String(sequence).padStart(4, '0')}`;

/** The first installment not yet settled, as of the loan's last event. */
export function nextDueOn(position: LoanPosition): string | undefined {
  return position.installments.find((row) => row.state !== 'paid')?.dueOn;
}

function repaymentRecord(r: LoanRepayment) {
  return {
    id: r.id,
    entryId: r.entryId,
    on: r.on,
    amount: r.amount.toString(),
    channel: r.channel,
    allocation: {
      penaltyFee: r.allocation.penaltyFee.toString(),
      fee: r.allocation.fee.toString(),
      principal: r.allocation.principal.toString(),
    },
    reversed: r.reversed,
    reversedOn: r.reversedOn,
  };
}

/** A JSON text attribute, or (items written before it was text) the same fields as a map. */
const structured = (attribute: unknown): unknown =>
  typeof attribute === 'string' ? JSON.parse(attribute) : attribute;

export function loanItem(loan: Loan, position: LoanPosition): Record<string, unknown> {
  const due = loan.status === 'open' ? nextDueOn(position) : undefined;
  const closedOn = loan.paidOffOn ?? loan.writtenOff?.on ?? loan.disbursedOn;
  return {
    ...loanKey(loan.associationId, loan.id),
    kind: 'loan',
    GSI1PK: `LOANS#${loan.associationId}#${loan.status}`,
    GSI1SK: `${due ?? closedOn}#${loan.id}`,
    ...(due ? { GSI2PK: `DUE#${due}`, GSI2SK: `${loan.associationId}#${loan.id}` } : {}),
    id: loan.id,
    associationId: loan.associationId,
    memberId: loan.memberId,
    principal: numberValue(loan.principal),
    rate: loan.rate,
    method: loan.method,
    frequency: loan.frequency,
    installments: loan.installments,
    dayCount: loan.dayCount,
    rounding: loan.rounding,
    disbursedOn: loan.disbursedOn,
    approvedOn: loan.approvedOn,
    boardMinute: loan.boardMinute,
    guarantorIds: loan.guarantorIds,
    purpose: loan.purpose,
    product: loan.product,
    channel: loan.channel,
    disbursementEntryId: loan.disbursementEntryId,
    terms: loan.terms,
    schedule: JSON.stringify({
      installments: loan.schedule.installments.map((row) => ({
        number: row.number,
        dueOn: row.dueOn,
        principal: row.principal,
        fee: row.fee,
        total: row.total,
        balanceAfter: row.balanceAfter,
      })),
      totalFee: loan.schedule.totalFee,
      totalDue: loan.schedule.totalDue,
    }),
    repayments: JSON.stringify(loan.repayments.map(repaymentRecord)),
    status: loan.status,
    nextDueOn: due,
    paidOffOn: loan.paidOffOn,
    writtenOff: loan.writtenOff && {
      on: loan.writtenOff.on,
      principal: numberValue(loan.writtenOff.principal),
      entryId: loan.writtenOff.entryId,
    },
    pledgedCertificateIds: loan.pledgedCertificateIds,
    ...(loan.debt ? { debt: debtText(loan.debt) } : {}),
    ...(loan.householdRecord ? { householdRecord: loan.householdRecord } : {}),
    version: loan.version,
  };
}

/**
 * A schedule amount as the schedule's text. In JSON it is the text loanItem wrote; a stored
 * Number (older items) may have lost its trailing zeros ("1000" for 1000.00).
 */
const amountText = (attribute: unknown) =>
  typeof attribute === 'string' ? attribute : moneyFrom(attribute).toString();

export function loanFromItem(item: Record<string, unknown>): Loan {
  const schedule = structured(item.schedule) as {
    installments: Record<string, unknown>[];
    totalFee: unknown;
    totalDue: unknown;
  };
  const writtenOff = item.writtenOff as Record<string, unknown> | undefined;
  return {
    id: String(item.id),
    associationId: String(item.associationId),
    memberId: String(item.memberId),
    principal: moneyFrom(item.principal),
    rate: item.rate as Loan['rate'],
    method: item.method as Loan['method'],
    frequency: item.frequency as Loan['frequency'],
    installments: countFrom(item.installments),
    dayCount: item.dayCount as Loan['dayCount'],
    rounding: item.rounding as Loan['rounding'],
    disbursedOn: String(item.disbursedOn),
    approvedOn: String(item.approvedOn),
    boardMinute: String(item.boardMinute),
    guarantorIds: (item.guarantorIds as unknown[]).map(String),
    purpose: String(item.purpose),
    product: item.product as Loan['product'],
    channel: item.channel as Loan['channel'],
    disbursementEntryId: String(item.disbursementEntryId),
    terms: item.terms as Loan['terms'],
    schedule: {
      installments: schedule.installments.map((row) => ({
        number: countFrom(row.number),
        dueOn: String(row.dueOn),
        principal: amountText(row.principal),
        fee: amountText(row.fee),
        total: amountText(row.total),
        balanceAfter: amountText(row.balanceAfter),
      })),
      totalFee: amountText(schedule.totalFee),
      totalDue: amountText(schedule.totalDue),
    },
    repayments: (structured(item.repayments) as Record<string, unknown>[]).map((r) => {
      const allocation = r.allocation as Record<string, unknown>;
      return {
        id: String(r.id),
        entryId: String(r.entryId),
        on: String(r.on),
        amount: moneyFrom(r.amount),
        channel: r.channel as LoanRepayment['channel'],
        allocation: {
          penaltyFee: moneyFrom(allocation.penaltyFee),
          fee: moneyFrom(allocation.fee),
          principal: moneyFrom(allocation.principal),
        },
        reversed: Boolean(r.reversed),
        reversedOn: r.reversedOn === undefined ? undefined : String(r.reversedOn),
      };
    }),
    status: item.status as Loan['status'],
    paidOffOn: item.paidOffOn === undefined ? undefined : String(item.paidOffOn),
    writtenOff: writtenOff && {
      on: String(writtenOff.on),
      principal: moneyFrom(writtenOff.principal),
      entryId: String(writtenOff.entryId),
    },
    ...(Array.isArray(item.pledgedCertificateIds)
      ? { pledgedCertificateIds: item.pledgedCertificateIds.map(String) }
      : {}),
    ...(typeof item.debt === 'string' ? { debt: debtFromText(item.debt) } : {}),
    ...(typeof item.householdRecord === 'string' ? { householdRecord: item.householdRecord } : {}),
    version: countFrom(item.version),
  };
}

/** A new loan: its item must not exist yet. */
export function newLoanWrite(tableName: string, loan: Loan, position: LoanPosition): GuardedWrite {
  return newItemWrite(tableName, loanItem(loan, position));
}

/** The loan's new state, if nobody changed it since it was read (two repayments racing). */
export function loanWrite(tableName: string, loan: Loan, position: LoanPosition): GuardedWrite {
  return versionedPut(
    tableName,
    loanItem({ ...loan, version: loan.version + 1 }, position),
    loan.version,
  );
}

/** Takes the next loan number on the association; older stores may lack the counter. */
export function loanCounterWrite(tableName: string, aid: string, read: number): GuardedWrite {
  return counterWrite(tableName, aid, 'loanSeq', read, { missingIsZero: true });
}

export async function listLoans(
  store: Store,
  aid: string,
  query: { state: Loan['status']; dueBefore?: string; limit: number; cursor?: string },
): Promise<{ loans: Loan[]; cursor?: string }> {
  const partition = `LOANS#${aid}#${query.state}`;
  const result = await store.db.send(
    new QueryCommand({
      TableName: store.tableName,
      IndexName: 'GSI1',
      KeyConditionExpression: query.dueBefore
        ? 'GSI1PK = :pk AND GSI1SK < :before'
        : 'GSI1PK = :pk',
      ExpressionAttributeValues: {
        ':pk': partition,
        ...(query.dueBefore ? { ':before': query.dueBefore } : {}),
      },
      Limit: query.limit,
      ExclusiveStartKey: query.cursor ? decodeIndexCursor(query.cursor, aid, partition) : undefined,
    }),
  );
  return {
    loans: (result.Items ?? []).map(loanFromItem),
    cursor: result.LastEvaluatedKey ? encodeCursor(result.LastEvaluatedKey) : undefined,
  };
}

/** An index cursor continues the same association's list of the same state, nothing else. */
function decodeIndexCursor(
  cursor: string,
  aid: string,
  partition: string,
): Record<string, unknown> {
  const key = decodeCursor(cursor, `ASSOC#${aid}`);
  if (key.GSI1PK !== partition) {
    throw new Refusal('CURSOR_INVALID', '分页游标无效', 'invalid', { field: 'query.cursor' });
  }
  return key;
}
