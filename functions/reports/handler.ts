/**
 * The reports Lambda: the year-end distribution (preview and posting), the monthly 公示 (A4
 * HTML, XLSX, JSON) and the statements (balance sheet, income statement, member statement).
 * Every figure comes from the journal and the loans; nothing is typed in.
 */
import { Refusal } from '#domain/refusal.ts';
import {
  distributionEntry,
  yearEndDistribution,
  type Distribution,
} from '#domain/reports/distribution.ts';
import { monthBounds, publicPosting } from '#domain/reports/public-posting.ts';
import {
  balanceSheet,
  incomeStatement,
  memberStatement,
  type PostedDistribution,
} from '#domain/reports/statements.ts';
import { viewEntry } from '../books/views.ts';
import { areaHandler, implement } from '../http/area-handler.ts';
import { HttpProblem, problems } from '../http/problem.ts';
import { requireReadAssociation } from '../http/scope.ts';
import { todayInShanghai } from '#api/today.ts';
import { routes } from '#api/routes.ts';
import type { Store } from '../store/client.ts';
import { loadBalances, newEntryId, type StoredEntry } from '../store/journal.ts';
import { loadMember } from '../store/members.ts';
import {
  allLoans,
  allMembers,
  alreadyPosted,
  distributionWrites,
  journalUpTo,
  loansByIds,
  membersByIds,
  type ReportEntry,
} from '../store/reports.ts';
import { at } from '../store/read-set.ts';
import { readItems } from '../store/write-once.ts';
import { publicPostingWorkbook } from './public-posting-xlsx.ts';
import { printPageHeaders } from './print-style.ts';
import { renderPublicPosting } from './render-public-posting.ts';
import {
  plain,
  viewBalanceSheet,
  viewDistribution,
  viewIncomeStatement,
  viewMemberStatement,
} from './views.ts';

const yearEnded = (year: number) => `${year}-12-31` < todayInShanghai();

async function memberNames(store: Store, aid: string): Promise<Map<string, string>> {
  return new Map((await allMembers(store, aid)).map((m) => [m.id, m.name]));
}

/** Closing entries and the members' returns they carry, for members' statements. */
function postedDistributions(entries: readonly ReportEntry[]): PostedDistribution[] {
  return entries
    .filter((e) => e.kind === 'year-end-distribution')
    .map((e) => ({
      entryId: e.id,
      year: Number(e.date.slice(0, 4)),
      date: e.date,
      reversed: Boolean(e.reversedBy),
      returns: e.shareReturns ?? [],
    }));
}

export const handler = areaHandler('reports', [
  implement(routes.previewDistribution, async (request) => {
    const { params, store } = request;
    const association = await request.association();
    const [claims, entries, names] = await Promise.all([
      readItems(store, [at.distributionClaim(params.aid, params.year)]),
      journalUpTo(store, params.aid, `${params.year}-12-31`),
      memberNames(store, params.aid),
    ]);
    const claim = claims.distributionClaim(params.aid, params.year);
    const distribution = yearEndDistribution({
      associationId: params.aid,
      year: params.year,
      charter: association.charter,
      entries,
    });
    return {
      body: viewDistribution(distribution, {
        yearEnded: yearEnded(params.year),
        claim,
        names,
      }),
    };
  }),

  implement(routes.postDistribution, async (request) => {
    const { params, identity, store } = request;
    const { aid, year } = params;
    return request.writeOnce({
      reads: [at.association(aid), at.distributionClaim(aid, year)],
      async decide(read) {
        const { association } = requireReadAssociation(read, aid, identity);
        const claim = read.distributionClaim(aid, year);
        if (claim) throw alreadyPosted(year, claim.entryId);
        if (!yearEnded(year)) {
          throw new Refusal(
            'DISTRIBUTION_YEAR_NOT_ENDED',
            `${year} 年度尚未结束，年终分配须在 ${year + 1} 年 1 月 1 日以后办理`,
            'refused',
            { year },
          );
        }
        // Balances first, then the journal: the writes are pinned to these balances, so an
        // entry landing between the two reads makes the write fail and the decision re-run.
        const balances = await loadBalances(store, aid);
        const [entries, names] = await Promise.all([
          journalUpTo(store, aid, `${year}-12-31`),
          memberNames(store, aid),
        ]);
        const distribution: Distribution = yearEndDistribution({
          associationId: aid,
          year,
          charter: association.charter,
          entries,
        });
        const entry: StoredEntry = {
          ...distributionEntry(distribution, newEntryId(distribution.closingDate)),
          recordedBy: identity.username,
          recordedAt: new Date().toISOString(),
        };
        const posted = {
          year,
          entryId: entry.id,
          postedBy: entry.recordedBy,
          postedAt: entry.recordedAt,
        };
        return {
          writes: distributionWrites(
            store.tableName,
            aid,
            year,
            entry,
            distribution.memberReturns,
            balances,
          ),
          response: {
            status: 201,
            body: {
              ...viewDistribution(distribution, { yearEnded: true, claim: posted, names }),
              entry: viewEntry(entry),
            },
          },
        };
      },
    });
  }),

  implement(routes.publicPosting, async (request) => {
    const { params, query, store } = request;
    const association = await request.association();
    const today = todayInShanghai();
    const { to } = monthBounds(params.month);
    const asOf = to < today ? to : today;
    const [loans, entries] = await Promise.all([
      allLoans(store, params.aid),
      journalUpTo(store, params.aid, asOf),
    ]);
    const members = await membersByIds(
      store,
      params.aid,
      loans.map((loan) => loan.memberId),
    );
    const posting = publicPosting({
      associationId: association.id,
      associationName: association.name,
      treasurerPhone: association.treasurerPhone,
      month: params.month,
      today,
      loans,
      names: new Map([...members].map(([id, member]) => [id, member.name])),
      entries,
    });
    switch (query.format) {
      case 'json':
        return { body: plain(posting) };
      case 'xlsx': {
        const name = `${association.id}-公示-${posting.month}.xlsx`;
        return {
          binary: await publicPostingWorkbook(posting),
          headers: {
            'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
            'content-disposition': `attachment; filename="${association.id}-${posting.month}.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`,
            'x-content-type-options': 'nosniff',
          },
        };
      }
      case 'html':
        return { headers: printPageHeaders, raw: renderPublicPosting(posting) };
    }
  }),

  implement(routes.balanceSheet, async (request) => {
    const { params, query, store } = request;
    await request.association();
    const asOf = query.asOf ?? todayInShanghai();
    const entries = await journalUpTo(store, params.aid, asOf);
    return { body: viewBalanceSheet(params.aid, balanceSheet(entries, asOf)) };
  }),

  implement(routes.incomeStatement, async (request) => {
    const { params, query, store } = request;
    await request.association();
    const to = query.to ?? todayInShanghai();
    const from = query.from ?? `${to.slice(0, 4)}-01-01`;
    const entries = await journalUpTo(store, params.aid, to);
    return { body: viewIncomeStatement(params.aid, incomeStatement(entries, from, to)) };
  }),

  implement(routes.memberStatement, async (request) => {
    const { params, query, store } = request;
    await request.association();
    const member = await loadMember(store, params.aid, params.mid);
    if (!member) throw new HttpProblem(problems.notFound('MEMBER_NOT_FOUND', '会员不存在'));
    const to = query.to ?? todayInShanghai();
    const from = query.from ?? `${to.slice(0, 4)}-01-01`;
    const [entries, loans] = await Promise.all([
      journalUpTo(store, params.aid, to),
      loansByIds(store, params.aid, member.loanIds ?? []),
    ]);
    const statement = memberStatement({
      memberId: member.id,
      from,
      to,
      entries,
      loans,
      distributions: postedDistributions(entries),
    });
    return { body: viewMemberStatement(member, statement) };
  }),
]);
