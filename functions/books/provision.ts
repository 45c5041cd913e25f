/**
 * 计提贷款损失准备: the provision the loans open on a date require by overdue age (the charter's
 * 五级分类 table), and the one entry that brings 1103 to it (domain/ledger/loan-losses.ts).
 */
import type { z } from 'zod';
import { accounts } from '#domain/ledger/chart.ts';
import { provisionEntry, requiredProvision } from '#domain/ledger/loan-losses.ts';
import { loanPosition } from '#domain/loans/position.ts';
import { operationDate } from '#api/today.ts';
import { routes } from '#api/routes.ts';
import type { provisionView } from '#api/books.ts';
import { implement } from '../http/area-handler.ts';
import { requireReadAssociation } from '../http/scope.ts';
import { entryWrites, newEntryId, type StoredEntry } from '../store/journal.ts';
import { loansOpenOn } from '../store/loans-on-date.ts';
import { at } from '../store/read-set.ts';
import { viewEntry } from './views.ts';

export const provisionRoute = implement(routes.provideForLoanLosses, async (request) => {
  const { params, body, identity, store } = request;
  const provisionCode = accounts.loanLossProvision.code;
  return request.writeOnce({
    reads: [at.association(params.aid), at.account(params.aid, provisionCode)],
    async decide(read) {
      const { association } = requireReadAssociation(read, params.aid, identity);
      const on = operationDate(body.on);
      const loans = (await loansOpenOn(store, params.aid, on))
        .filter((loan) => loan.disbursedOn <= on)
        .map((loan) => loanPosition(loan, on))
        .map((p) => ({
          principalOutstanding: p.principalOutstanding,
          overdueDays: p.overdue.days,
        }));
      const required = requiredProvision(loans, association.charter.losses);
      const held = read.balance(params.aid, provisionCode).negated();
      const booked = provisionEntry({
        entryId: newEntryId(on),
        on,
        held,
        required: required.total,
      });
      const entry: StoredEntry | undefined = booked && {
        ...booked,
        recordedBy: identity.username,
        recordedAt: new Date().toISOString(),
      };
      const view: z.infer<typeof provisionView> = {
        associationId: params.aid,
        on,
        tiers: required.rows.map((row) => ({
          ...row,
          principal: row.principal.toString(),
          required: row.required.toString(),
        })),
        required: required.total.toString(),
        heldBefore: held.toString(),
        ...(entry ? { entry: viewEntry(entry) } : {}),
      };
      return {
        writes: entry ? entryWrites(store.tableName, params.aid, entry) : [],
        response: { status: entry ? 201 : 200, body: view },
      };
    },
  });
});
