import { describe, expect, it } from 'vitest';
import { useLocalSystem } from '../support/local-system.ts';
import { subsidyQuoteSeedCase as seedCase } from './subsidy-fixtures.ts';

const api = useLocalSystem({ seed: false });

describe('POST /subsidy-quotes', () => {
  it('gives the seed case: 100,000 at 2.4% for one year is 2,400.00, for any signed-in user', async () => {
    for (const username of ['treasurer-03', 'supervisor', 'auditor']) {
      const response = await api.request('POST', '/subsidy-quotes', {
        token: await api.login(username),
        body: seedCase,
      });
      expect(response.status, username).toBe(200);
      expect(response.body.total).toBe('2400.00');
      expect(response.body.periods).toEqual([
        expect.objectContaining({
          from: '2026-01-01',
          to: '2026-12-31',
          days: 365,
          subsidy: '2400.00',
        }),
      ]);
    }
  });

  it('needs a signed-in user', async () => {
    expect((await api.request('POST', '/subsidy-quotes', { body: seedCase })).status).toBe(401);
  });

  it.each([
    [
      'a policy kind that does not exist',
      { policy: { kind: 'lottery', annualPercent: '2.4' } },
      'body.policy.kind',
    ],
    [
      'a rate as a number',
      { policy: { kind: 'fixed-rate', annualPercent: 2.4 } },
      'body.policy.annualPercent',
    ],
    ['a cap of "-1"', { principalCap: '-1' }, 'body.principalCap'],
    ['yearStartsOn 02-30', { yearStartsOn: '02-30' }, 'body.yearStartsOn'],
    [
      'a repayment after maturity',
      { loan: { ...seedCase.loan, repayments: [{ on: '2027-02-01', principal: '100.00' }] } },
      'body.loan.repayments[0].on',
    ],
    [
      'overlapping overdue spans',
      {
        loan: {
          ...seedCase.loan,
          overdue: [
            { from: '2026-03-01', to: '2026-03-31' },
            { from: '2026-03-15', to: '2026-04-15' },
          ],
        },
      },
      'body.loan.overdue[1]',
    ],
  ])('answers 400 naming the field for %s', async (_name, change, field) => {
    const response = await api.request('POST', '/subsidy-quotes', {
      token: await api.login('auditor'),
      body: { ...seedCase, ...change },
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.body.errors.map((e: { field: string }) => e.field)).toContainEqual(
      expect.stringContaining(field),
    );
    expect(response.body.title).toMatch(/[\u4e00-\u9fa5]/);
  });
});
