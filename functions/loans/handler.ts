/**
 * The loans Lambda: quotes, disbursement, repayments, write-offs, and every loan's position as
 * of any date, computed from the schedule and the repayments (no nightly batch).
 */
import { openLoan, type LoanApplication } from '#domain/loans/eligibility.ts';
import type { Loan } from '#domain/loans/loan.ts';
import { loanPosition, type LoanPosition } from '#domain/loans/position.ts';
import { recordRepayment, writeOff } from '#domain/loans/repayment.ts';
import { defaultOnWriteOff, recoverDebt, totalOf } from '#domain/loans/default.ts';
import { householdsAfterLoan } from '#domain/loans/households.ts';
import { gradeFromBehaviour, lowerGrade } from '#domain/loans/credit-grade.ts';
import type { Charter } from '#domain/charter.ts';
import { accounts } from '#domain/ledger/chart.ts';
import type { LossCover } from '#domain/ledger/loan-losses.ts';
import { buildSchedule } from '#domain/loans/schedule.ts';
import { checkLoanEligibility } from '#domain/loans/eligibility.ts';
import type { Member } from '#domain/members/member.ts';
import { Money } from '#domain/money.ts';
import { parseRate } from '#domain/rate.ts';
import { viewEntry } from '../books/views.ts';
import { areaHandler, implement } from '../http/area-handler.ts';
import type { Identity } from '../http/identity.ts';
import { HttpProblem, problems } from '../http/problem.ts';
import { requireReadAssociation } from '../http/scope.ts';
import { operationDate, todayInShanghai } from '#api/today.ts';
import { routes } from '#api/routes.ts';
import type { Store } from '../store/client.ts';
import { entryWrites, newEntryId, type StoredEntry } from '../store/journal.ts';
import { listLoans, loanCounterWrite, loanIdFor, loanWrite, newLoanWrite } from '../store/loans.ts';
import { memberWrite } from '../store/members.ts';
import { at, type ReadSet } from '../store/read-set.ts';
import { loansByIds } from '../store/reports.ts';
import { householdChange, householdLoanOpens } from '../store/households.ts';
import { certificatePledgeWrite } from '../store/tea-gardens.ts';
import { readItems } from '../store/write-once.ts';
import { pledgeReleaseWrites } from '../tea-gardens/pledge-release.ts';
import { loadHouseholds, requireMemberIn } from './households.ts';
import { loanMessageWrites } from '../store/loan-messages.ts';
import { issueLink, revokeLoanLinks } from '../store/loan-links.ts';
import { Refusal } from '#domain/refusal.ts';
import { viewLoan } from './views.ts';

/** The provision and reserves a write-off may draw on, as held now (credit balances). */
const lossCoverAccounts = [
  accounts.loanLossProvision.code,
  accounts.riskReserve.code,
  accounts.capitalReserve.code,
];
const lossCoverOf = (read: ReadSet, aid: string): LossCover => ({
  provision: read.balance(aid, accounts.loanLossProvision.code).negated(),
  riskReserve: read.balance(aid, accounts.riskReserve.code).negated(),
  capitalReserve: read.balance(aid, accounts.capitalReserve.code).negated(),
});

const stamp = (identity: Identity) => ({
  recordedBy: identity.username,
  recordedAt: new Date().toISOString(),
});

function requireLoanIn(read: ReadSet, aid: string, lid: string): Loan {
  const loan = read.loan(aid, lid);
  if (!loan) throw new HttpProblem(problems.notFound('LOAN_NOT_FOUND', '借款不存在'));
  return loan;
}

/** Households with an open loan overdue on `on`: the borrower and guarantors must have none. */
async function overdueHouseholds(
  store: Store,
  aid: string,
  members: Member[],
  on: string,
): Promise<Set<string>> {
  const loanIds = members.filter((m) => m.openLoans > 0).flatMap((m) => m.loanIds ?? []);
  const overdue = new Set<string>();
  for (const loan of await loansByIds(store, aid, loanIds)) {
    if (loan.status === 'open' && loanPosition(loan, on).status === 'overdue')
      overdue.add(loan.memberId);
  }
  return overdue;
}

/** What the charter's loan rules need from a quote's or a disbursement's body. */
type ApplicationBody = Pick<LoanApplication, 'installments' | 'frequency' | 'rate' | 'product'> & {
  memberId: string;
  guarantorIds: string[];
  principal: string;
};

/** The borrower's and guarantors' member items: what `loanApplication` reads from. */
const applicantKeys = (aid: string, body: ApplicationBody) =>
  [body.memberId, ...body.guarantorIds].map((mid) => at.member(aid, mid));

/**
 * The application the charter checks, for a quote and a disbursement alike: the borrower and
 * guarantors (refused when not members) and which of their households are overdue on the
 * disbursement date. `dateOf` runs only once the members are found, so an unknown member is
 * reported before a date that cannot be used.
 */
async function loanApplication(
  store: Store,
  read: ReadSet,
  aid: string,
  body: ApplicationBody,
  dateOf: () => string,
): Promise<{ application: LoanApplication; disbursedOn: string }> {
  const member = requireMemberIn(read, aid, body.memberId, '借款人');
  const guarantors = body.guarantorIds.map((id) => requireMemberIn(read, aid, id, '担保人'));
  const disbursedOn = dateOf();
  const overdue = await overdueHouseholds(store, aid, [member, ...guarantors], disbursedOn);
  const application: LoanApplication = {
    member,
    hasOverdue: overdue.has(member.id),
    firstLoan: (member.loanIds ?? []).length === 0,
    principal: Money.of(body.principal),
    installments: body.installments,
    frequency: body.frequency,
    guarantors,
    guarantorsOverdue: guarantors.filter((g) => overdue.has(g.id)).map((g) => g.id),
    rate: body.rate,
    product: body.product,
  };
  return { application, disbursedOn };
}

/**
 * The borrower graded by the loan's record on `on` (charter.creditGrades), and, when the loan
 * is paid off, the borrower and guarantors freed of it; `before` is the grade as read.
 */
async function gradedHouseholds(
  store: Store,
  charter: Charter,
  loan: Loan,
  position: LoanPosition,
  on: string,
  paysOff: boolean,
) {
  const bound = await loadHouseholds(store, loan.associationId, loan);
  const behaviour = gradeFromBehaviour(charter.creditGrades, {
    worstDaysLate: position.worstDaysOverdue,
    lateInstallments: position.lateInstallments,
  });
  const borrower = lowerGrade(bound.borrower, {
    on,
    to: behaviour.grade,
    loanId: loan.id,
    reason: behaviour.reason,
    worstDaysLate: position.worstDaysOverdue,
  });
  const freed = paysOff
    ? householdsAfterLoan('ends', borrower, bound.guarantors, undefined, loan.principal)
    : { borrower, guarantors: bound.guarantors };
  return { ...freed, before: bound.borrower.creditGrade };
}

export const handler = areaHandler('loans', [
  implement(routes.quoteLoan, async (request) => {
    const { params, body, store } = request;
    const association = await request.association();
    const disbursedOn = body.disbursedOn ?? todayInShanghai();
    const charter = association.charter;
    let eligibility;
    let rate = body.rate;
    if (body.memberId) {
      const applying = { ...body, memberId: body.memberId };
      const read = await readItems(store, applicantKeys(params.aid, applying));
      const { application } = await loanApplication(
        store,
        read,
        params.aid,
        applying,
        () => disbursedOn,
      );
      const result = checkLoanEligibility(charter, application);
      rate = rate ?? result.rate?.wording;
      eligibility = {
        eligible: result.eligible,
        limit: result.limit.toString(),
        termMonths: result.termMonths,
        refusals: result.refusals.map((r) => ({ code: r.code, title: r.title, ...r.details })),
      };
    }
    const wording = rate ?? charter.fees.standard;
    const schedule = buildSchedule({
      principal: body.principal,
      rate: wording,
      installments: body.installments,
      frequency: body.frequency,
      method: body.method,
      disbursedOn,
      dayCount: body.dayCount,
      rounding: { mode: body.rounding },
    });
    const normal = parseRate(wording);
    return {
      body: {
        disbursedOn,
        rate: {
          wording,
          annualPercent: normal.annual.times(100).toString(),
          monthlyPermille: normal.monthly.times(1000).toString(),
        },
        schedule,
        eligibility,
      },
    };
  }),

  implement(routes.recordLoan, async (request) => {
    const { params, body, identity, store } = request;
    return request.writeOnce({
      reads: [
        at.association(params.aid),
        ...applicantKeys(params.aid, body),
        ...body.certificateIds.map((cid) => at.teaGarden(params.aid, cid)),
      ],
      async decide(read) {
        const { association, loanSeq } = requireReadAssociation(read, params.aid, identity);
        const certificates = body.certificateIds.map((cid) => {
          const certificate = read.teaGarden(params.aid, cid);
          if (certificate) return certificate;
          throw new HttpProblem(problems.notFound('TEA_GARDEN_NOT_FOUND', `茶园证 ${cid} 不存在`));
        });
        const { application, disbursedOn } = await loanApplication(
          store,
          read,
          params.aid,
          body,
          () => operationDate(body.disbursedOn, 'disbursedOn'),
        );
        const { member } = application;
        const opened = openLoan(association.charter, {
          ...application,
          id: loanIdFor(loanSeq + 1),
          entryId: newEntryId(disbursedOn),
          method: body.method,
          dayCount: body.dayCount,
          disbursedOn,
          approvedOn: body.approvedOn,
          boardMinute: body.boardMinute,
          purpose: body.purpose,
          product: body.product,
          channel: body.channel,
          rounding: body.rounding,
          certificates,
          recordedBy: identity.username,
        });
        // Counted on the household's federation-wide record, under its condition.
        const fid = association.federationId;
        const loan = { ...opened.loan, householdRecord: fid };
        const position = loanPosition(loan, disbursedOn);
        const entry: StoredEntry = { ...opened.entry, ...stamp(identity) };
        const table = store.tableName;
        const oneLoan = association.charter.loans.oneOpenLoanPerHousehold;
        return {
          writes: [
            newLoanWrite(table, loan, position),
            householdLoanOpens(table, fid, member, oneLoan),
            loanCounterWrite(table, params.aid, loanSeq),
            ...entryWrites(table, params.aid, entry),
            memberWrite(table, {
              ...opened.member,
              loanIds: [...(member.loanIds ?? []), loan.id],
            }),
            ...opened.guarantors.map((g) => memberWrite(table, g)),
            // The collateral is pledged by the same transaction that moves the money.
            ...opened.pledges.map((p) => certificatePledgeWrite(table, p.certificate, p.pledge)),
            // The SMS goes out only if the money did: the outbox is part of the same write.
            ...loanMessageWrites(table, { kind: 'disbursed', loan, at: new Date() }),
          ],
          response: {
            status: 201,
            body: { entry: viewEntry(entry), loan: viewLoan(loan, position) },
          },
        };
      },
    });
  }),

  implement(routes.listLoans, async (request) => {
    const { params, query, store } = request;
    await request.association();
    const page = await listLoans(store, params.aid, {
      state: query.status,
      dueBefore: query.dueBefore,
      limit: query.limit,
      cursor: query.cursor,
    });
    const today = todayInShanghai();
    return {
      body: {
        loans: page.loans.map((loan) => viewLoan(loan, loanPosition(loan, today))),
        cursor: page.cursor,
      },
    };
  }),

  implement(routes.getLoan, async ({ params, query, identity, store }) => {
    const read = await readItems(store, [
      at.association(params.aid),
      at.loan(params.aid, params.lid),
    ]);
    requireReadAssociation(read, params.aid, identity);
    const loan = requireLoanIn(read, params.aid, params.lid);
    const asOf = query.asOf ?? todayInShanghai();
    return {
      body: viewLoan(loan, loanPosition(loan, asOf < loan.disbursedOn ? loan.disbursedOn : asOf)),
    };
  }),

  implement(routes.memberLoans, async ({ params, query, identity, store }) => {
    const read = await readItems(store, [
      at.association(params.aid),
      at.member(params.aid, params.mid),
    ]);
    requireReadAssociation(read, params.aid, identity);
    const member = requireMemberIn(read, params.aid, params.mid, '借款人');
    const loans = await loansByIds(store, params.aid, member.loanIds ?? []);
    const asOf = query.asOf ?? todayInShanghai();
    return {
      body: {
        memberId: member.id,
        loans: loans
          .sort((a, b) => a.id.localeCompare(b.id))
          .map((loan) =>
            viewLoan(loan, loanPosition(loan, asOf < loan.disbursedOn ? loan.disbursedOn : asOf)),
          ),
      },
    };
  }),

  implement(routes.recordRepayment, async (request) => {
    const { params, body, identity, store } = request;
    return request.writeOnce({
      reads: [at.association(params.aid), at.loan(params.aid, params.lid)],
      async decide(read) {
        const { association } = requireReadAssociation(read, params.aid, identity);
        const loan = requireLoanIn(read, params.aid, params.lid);
        const on = operationDate(body.on);
        const recorded = recordRepayment(loan, {
          id: `r${String(loan.repayments.length + 1).padStart(3, '0')}`,
          entryId: newEntryId(on),
          on,
          amount: Money.of(body.amount),
          channel: body.channel,
        });
        const position = loanPosition(recorded.loan, on);
        const entry: StoredEntry = { ...recorded.entry, ...stamp(identity) };
        const table = store.tableName;
        // The grade follows the behaviour, in the repayment's own transaction; a payoff frees
        // the household and its guarantors in the same breath.
        const households = await gradedHouseholds(
          store,
          association.charter,
          loan,
          position,
          on,
          recorded.paysOff,
        );
        const changed = recorded.paysOff
          ? [households.borrower, ...households.guarantors]
          : households.borrower.creditGrade !== households.before
            ? [households.borrower]
            : [];
        return {
          writes: [
            ...entryWrites(table, params.aid, entry),
            loanWrite(table, recorded.loan, position),
            ...changed.map((member) => memberWrite(table, member)),
            ...(recorded.paysOff && loan.householdRecord
              ? [
                  householdChange(table, loan.householdRecord, households.borrower.idNumber, {
                    openLoans: -1,
                  }),
                ]
              : []),
            // …and its pledged tea gardens are released.
            ...(recorded.paysOff
              ? await pledgeReleaseWrites(store, params.aid, loan, 'released', on)
              : []),
            ...loanMessageWrites(table, {
              kind: 'repaid',
              loan: recorded.loan,
              repayment: recorded.repayment,
              after: position,
              at: new Date(),
            }),
          ],
          response: {
            status: 201,
            body: { entry: viewEntry(entry), loan: viewLoan(recorded.loan, position) },
          },
        };
      },
    });
  }),

  implement(routes.writeOffLoan, async (request) => {
    const { params, body, identity, store } = request;
    return request.writeOnce({
      reads: [
        at.association(params.aid),
        at.loan(params.aid, params.lid),
        ...lossCoverAccounts.map((code) => at.account(params.aid, code)),
      ],
      async decide(read) {
        const { association } = requireReadAssociation(read, params.aid, identity);
        const loan = requireLoanIn(read, params.aid, params.lid);
        const on = operationDate(body.on);
        // The loss borne as the charter orders (provision, reserve, then 公积金 or the result)…
        const written = writeOff(loan, on, newEntryId(on), {
          held: lossCoverOf(read, params.aid),
          afterRiskReserve: association.charter.losses.afterRiskReserve,
        });
        // …then the borrower's shares set off, the rest on record, the guarantors called:
        // one write.
        const bound = await loadHouseholds(store, params.aid, loan);
        const defaulted = defaultOnWriteOff(
          written,
          householdsAfterLoan(
            'ends',
            lowerGrade(bound.borrower, { on, to: 'D', loanId: loan.id, reason: 'written-off' }),
            bound.guarantors,
            undefined,
            loan.principal,
          ),
          association.charter.loans.guarantorLiability,
          { setOffShares: association.charter.loans.setOffSharesOnWriteOff },
        );
        const entry: StoredEntry = {
          ...defaulted.entry,
          memo: `${defaulted.entry.memo}；原因：${body.reason}`,
          ...stamp(identity),
        };
        const position = loanPosition(defaulted.loan, on);
        const table = store.tableName;
        return {
          writes: [
            ...entryWrites(table, params.aid, entry),
            loanWrite(table, defaulted.loan, position),
            ...[defaulted.borrower, ...defaulted.guarantors].map((m) => memberWrite(table, m)),
            ...(loan.householdRecord
              ? [
                  householdChange(table, loan.householdRecord, bound.borrower.idNumber, {
                    openLoans: -1,
                    debts: totalOf(defaulted.loan.debt!.remaining).isPositive() ? 1 : 0,
                  }),
                ]
              : []),
            ...(await pledgeReleaseWrites(store, params.aid, loan, 'enforced', on)),
            ...loanMessageWrites(table, { kind: 'written-off', loan: defaulted.loan, on }),
          ],
          response: {
            status: 201,
            body: { entry: viewEntry(entry), loan: viewLoan(defaulted.loan, position) },
          },
        };
      },
    });
  }),

  implement(routes.recoverLoanDebt, async (request) => {
    const { params, body, identity, store } = request;
    return request.writeOnce({
      reads: [
        at.association(params.aid),
        at.loan(params.aid, params.lid),
        at.member(params.aid, body.payerId),
      ],
      async decide(read) {
        requireReadAssociation(read, params.aid, identity);
        const loan = requireLoanIn(read, params.aid, params.lid);
        const on = operationDate(body.on);
        const { borrower, guarantors } = await loadHouseholds(store, params.aid, loan);
        const payer = [borrower, ...guarantors].find((m) => m.id === body.payerId);
        const recovered = recoverDebt(loan, borrower, guarantors, {
          payer: payer ?? requireMemberIn(read, params.aid, body.payerId, '借款人'),
          amount: Money.of(body.amount),
          on,
          channel: body.channel,
          entryId: newEntryId(on),
        });
        const entry: StoredEntry = { ...recovered.entry, ...stamp(identity) };
        const position = loanPosition(recovered.loan, on);
        const table = store.tableName;
        return {
          writes: [
            ...entryWrites(table, params.aid, entry),
            loanWrite(table, recovered.loan, position),
            ...recovered.households.map((m) => memberWrite(table, m)),
            // Settled in full: the household owes nothing more in the federation for it.
            ...(loan.householdRecord && totalOf(recovered.loan.debt!.remaining).isZero()
              ? [householdChange(table, loan.householdRecord, borrower.idNumber, { debts: -1 })]
              : []),
          ],
          response: {
            status: 201,
            body: { entry: viewEntry(entry), loan: viewLoan(recovered.loan, position) },
          },
        };
      },
    });
  }),

  implement(routes.issueLoanLink, async ({ params, body, identity, store }) => {
    const read = await readItems(store, [
      at.association(params.aid),
      at.loan(params.aid, params.lid),
    ]);
    requireReadAssociation(read, params.aid, identity);
    requireLoanIn(read, params.aid, params.lid);
    const revokedEarlier = body.revokeEarlier
      ? await revokeLoanLinks(store, params.aid, params.lid)
      : false;
    const token = await issueLink(store, params.aid, params.lid, new Date(), todayInShanghai());
    if (!token) {
      throw new Refusal('LOAN_LINK_EXPIRED', '该借款已结清超过 30 天，不再提供查询链接', 'refused');
    }
    return { status: 201, body: { path: `/s/${token}`, revokedEarlier } };
  }),
]);
