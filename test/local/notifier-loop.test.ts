import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { addDays } from '#domain/dates.ts';
import { loanPosition } from '#domain/loans/position.ts';
import { recordRepayment } from '#domain/loans/repayment.ts';
import { Money } from '#domain/money.ts';
import { todayInShanghai } from '#api/today.ts';
import { loanLinksKey } from '../../functions/store/loan-links.ts';
import { loanMessageWrites } from '../../functions/store/loan-messages.ts';
import { useLocalSystem } from '../support/local-system.ts';
import { aid, putLoan, putMember } from '../functions/farmer-page/loan-page-fixtures.ts';
import { loan12k, member } from '../domain/loans/loan-fixtures.ts';

const api = useLocalSystem({ seed: ['zhuyang-01'] });

async function outboxUntil(predicate: (messages: any[]) => boolean, query = ''): Promise<any[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const response = await api.request('GET', `/local/outbox${query}`);
    expect(response.status).toBe(200);
    if (predicate(response.body.messages)) return response.body.messages;
    if (Date.now() > deadline) throw new Error(JSON.stringify(response.body, null, 1));
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('the local notifier loop and GET /local/outbox', () => {
  it('sends what a loan transaction wrote: the disbursement, the receipts, the payoff', async () => {
    const { store } = api.system;
    const household = member({
      id: 'm7001',
      associationId: aid,
      name: '蓝小红',
      mobile: '13800000077',
    });
    await putMember(store, household);
    const loan = loan12k(
      {},
      { id: 'loan-local-1', member: household, disbursedOn: addDays(todayInShanghai(), -10) },
    );
    await putLoan(store, loan);
    // What the loans engineer's disbursement transaction adds to its own TransactWriteItems.
    const disbursed = loanMessageWrites(store.tableName, {
      kind: 'disbursed',
      loan,
      at: new Date(),
    });
    await store.db.send(new TransactWriteCommand({ TransactItems: disbursed.map((w) => w.item) }));

    const sent = await outboxUntil((messages) =>
      messages.some((m) => m.loanId === 'loan-local-1' && m.status === 'sent'),
    );
    const disbursement = sent.find((m) => m.loanId === 'loan-local-1');
    expect(disbursement).toMatchObject({
      to: '13800000077',
      template: 'disbursement',
      status: 'sent',
      segments: 2,
      associationId: aid,
    });
    expect(disbursement.text).toMatch(/^【竹垟村资金互助会】蓝\*红：您的借款¥12,000\.00已于/);
    const link = /详情：(http:\/\/localhost:\d+)(\/s\/[A-Za-z0-9_-]{22})$/.exec(disbursement.text);
    expect(link?.[1]).toBe(api.system.url);
    const page = await api.request('GET', link![2]!);
    expect(page.status).toBe(200);
    expect(page.body).toContain('蓝*红');

    // Pay it off in four installments; the last receipt starts the link's 30 days.
    let current = loan;
    for (const [i, row] of loan.schedule.installments.entries()) {
      const paid = recordRepayment(current, {
        id: `loan-local-1-r${i}`,
        entryId: `je-20240101-r${i}aaaaaaaa`,
        on: row.dueOn,
        amount: Money.of(row.total),
        channel: 'cash',
      });
      current = paid.loan;
      const writes = loanMessageWrites(store.tableName, {
        kind: 'repaid',
        loan: current,
        repayment: paid.repayment,
        after: loanPosition(current, row.dueOn),
        at: new Date(),
      });
      await store.db.send(new TransactWriteCommand({ TransactItems: writes.map((w) => w.item) }));
    }
    const all = await outboxUntil(
      (messages) =>
        messages.filter((m) => m.loanId === 'loan-local-1' && m.status === 'sent').length === 5,
      `?associationId=${aid}`,
    );
    const receipts = all.filter((m) => m.template === 'repayment' && m.loanId === 'loan-local-1');
    expect(receipts).toHaveLength(4);
    expect(receipts.some((m) => m.text.includes('借款已全部还清'))).toBe(true);
    const { Item: state } = await store.db.send(
      new GetCommand({ TableName: store.tableName, Key: loanLinksKey(aid, 'loan-local-1') }),
    );
    expect(state?.closedOn).toBe(loan.schedule.installments.at(-1)!.dueOn);

    // Another association's outbox does not show them.
    const other = await api.request('GET', '/local/outbox?associationId=zhuyang-02');
    expect(other.body.messages.filter((m: any) => m.loanId === 'loan-local-1')).toEqual([]);
  });
});
