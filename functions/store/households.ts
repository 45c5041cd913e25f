/**
 * One household across the federation (issue #17), keyed by its ID number's hash:
 * FED#<fid> HOUSEHOLD#<hash>, holding its open loans and unsettled written-off debts in every
 * association of the federation. A disbursement increments it under a condition (one open
 * loan, no debt on record), in the disbursement's own transaction: two associations racing to
 * lend to the same household cannot both succeed. Payoff, write-off, recovery and a reopening
 * reversal keep it in step, for loans that were counted (loan.householdRecord).
 */
import type { Member } from '#domain/members/member.ts';
import { Refusal } from '#domain/refusal.ts';
import { idNumberHash } from './members.ts';
import type { ItemKey } from './table-definition.ts';
import type { GuardedWrite } from './write-once.ts';

export const householdKey = (fid: string, idNumber: string): ItemKey => ({
  PK: `FED#${fid}`,
  SK: `HOUSEHOLD#${idNumberHash(idNumber)}`,
});

/** A loan opens: refused when the household owes elsewhere in the federation. */
export function householdLoanOpens(
  tableName: string,
  fid: string,
  borrower: Member,
  oneOpenLoan: boolean,
): GuardedWrite {
  const free = 'attribute_not_exists(debts) OR debts < :one';
  return {
    item: {
      Update: {
        TableName: tableName,
        Key: householdKey(fid, borrower.idNumber),
        UpdateExpression: 'SET openLoans = if_not_exists(openLoans, :zero) + :one',
        ConditionExpression: oneOpenLoan
          ? `(attribute_not_exists(openLoans) OR openLoans < :one) AND (${free})`
          : free,
        ExpressionAttributeValues: { ':zero': 0, ':one': 1 },
      },
    },
    onConditionFailed: new Refusal(
      'LOAN_HOUSEHOLD_OWES_IN_FEDERATION',
      `${borrower.name} 在本联合会的互助会中已有未结清借款或核销欠款，不能再借`,
      'refused',
      { memberId: borrower.id, federationId: fid },
    ),
  };
}

/** Adds `openLoans` and `debts` (either may be negative) to the household's record. */
export function householdChange(
  tableName: string,
  fid: string,
  idNumber: string,
  change: { openLoans?: number; debts?: number },
): GuardedWrite {
  return {
    item: {
      Update: {
        TableName: tableName,
        Key: householdKey(fid, idNumber),
        UpdateExpression:
          'SET openLoans = if_not_exists(openLoans, :zero) + :loans, debts = if_not_exists(debts, :zero) + :debts',
        ExpressionAttributeValues: {
          ':zero': 0,
          ':loans': change.openLoans ?? 0,
          ':debts': change.debts ?? 0,
        },
      },
    },
    onConditionFailed: 'retry',
  };
}
