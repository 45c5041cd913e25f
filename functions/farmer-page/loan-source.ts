/**
 * Where the page reads a loan: the loans store's item (store/loans.ts), read as a Loan. The
 * subsidy a household received is not recorded yet (the 贴息 claims will record it): until
 * then it is zero. A LoanPageSource is passed in where another reader is wanted.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Loan } from '../../domain/loans/loan.ts';
import { Money } from '../../domain/money.ts';
import type { Store } from '../store/client.ts';
import { loanFromItem, loanKey } from '../store/loans.ts';

export interface LoanForPage {
  loan: Loan;
  /** Interest subsidy (贴息) paid out to the household for this loan so far. */
  subsidyReceived: Money;
}

export type LoanPageSource = (
  store: Store,
  associationId: string,
  loanId: string,
) => Promise<LoanForPage | undefined>;

export const storedLoanSource: LoanPageSource = async (store, aid, lid) => {
  const { Item } = await store.db.send(
    new GetCommand({ TableName: store.tableName, Key: loanKey(aid, lid) }),
  );
  return Item ? { loan: loanFromItem(Item), subsidyReceived: Money.zero } : undefined;
};
