/**
 * Where the page reads a loan: the loans store's item (store/loans.ts), read as a Loan, and
 * the 贴息 receipts of its association (store/subsidy-receipts.ts, a handful a year) for what
 * the household has been paid. A LoanPageSource is passed in where another reader is wanted.
 */
import type { Loan } from '#domain/loans/loan.ts';
import type { Money } from '#domain/money.ts';
import { subsidyOfLoan } from '#domain/subsidy/receipt.ts';
import type { Store } from '../store/client.ts';
import { loansByIds } from '../store/reports.ts';
import { loadReceipts } from '../store/subsidy-receipts.ts';

export interface LoanForPage {
  loan: Loan;
  /** Interest subsidy (贴息) paid out to the household for this loan so far. */
  subsidyReceived: Money;
  /** 贴息 received from the county for this loan, held for the household until paid out. */
  subsidyHeld: Money;
}

export type LoanPageSource = (
  store: Store,
  associationId: string,
  loanId: string,
) => Promise<LoanForPage | undefined>;

export const storedLoanSource: LoanPageSource = async (store, aid, lid) => {
  const [[loan], receipts] = await Promise.all([
    loansByIds(store, aid, [lid]),
    loadReceipts(store, aid),
  ]);
  if (!loan) return undefined;
  const subsidy = subsidyOfLoan(receipts, lid);
  return { loan, subsidyReceived: subsidy.paidOut, subsidyHeld: subsidy.held };
};
