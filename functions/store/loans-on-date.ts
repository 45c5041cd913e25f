/**
 * The loans that may have had principal outstanding on a date, for reads across many loans
 * (the federation's dashboard). Every open loan, and the loans paid off or written off AFTER
 * the date: they were open then. A loan closed on or before the date owed nothing on it, so it
 * is not read at all; GSI1 sorts closed loans by their closing date (store/loans.ts), which
 * makes that one key condition. Years of repaid history cost nothing.
 */
import type { Loan } from '#domain/loans/loan.ts';
import type { Store } from './client.ts';
import { listLoans, loanFromItem } from './loans.ts';
import { everyPage, queryAll } from './query-all.ts';

const pageSize = 1000;

function openLoans(store: Store, aid: string): Promise<Loan[]> {
  return everyPage(
    (cursor) => listLoans(store, aid, { state: 'open', limit: pageSize, cursor }),
    (page) => page.loans,
  );
}

async function closedAfter(
  store: Store,
  aid: string,
  state: 'paid-off' | 'written-off',
  date: string,
): Promise<Loan[]> {
  const items = await queryAll(store, {
    IndexName: 'GSI1',
    // GSI1SK is <closing date>#<lid>; '~' sorts after every loan id.
    KeyConditionExpression: 'GSI1PK = :pk AND GSI1SK > :after',
    ExpressionAttributeValues: { ':pk': `LOANS#${aid}#${state}`, ':after': `${date}#~` },
  });
  return items.map(loanFromItem);
}

/** Open loans and loans closed after `date`; loans disbursed after it are the caller's to skip. */
export async function loansOpenOn(store: Store, aid: string, date: string): Promise<Loan[]> {
  const lists = await Promise.all([
    openLoans(store, aid),
    closedAfter(store, aid, 'paid-off', date),
    closedAfter(store, aid, 'written-off', date),
  ]);
  return lists.flat();
}
