/**
 * The demo federation reproduces shared/DOMAIN.md: 905 households (400 low-income, 100 of
 * them 低保/五保), 93.4万 member shares, 100万 fiscal money, 110万 special support money,
 * 303.95万 in all; and each association's books balance.
 */
import { describe, expect, it } from 'vitest';
import { Money } from '#domain/money.ts';
import { useLocalSystem } from '../support/local-system.ts';

const api = useLocalSystem();

async function allMembers(aid: string, token: string) {
  const members: any[] = [];
  let cursor: string | undefined;
  do {
    const page = await api.request(
      'GET',
      `/associations/${aid}/members?limit=500${cursor ? `&cursor=${cursor}` : ''}`,
      { token },
    );
    expect(page.status).toBe(200);
    members.push(...page.body.members);
    cursor = page.body.cursor;
  } while (cursor);
  return members;
}

describe('the demo federation', () => {
  it('matches the figures of 龙泉市竹垟畲族乡 (2013)', async () => {
    const token = await api.login('supervisor');
    const totals = new Map<string, Money>();
    let households = 0;
    let lowIncome = 0;
    let dibaoWubao = 0;
    for (let n = 1; n <= 10; n += 1) {
      const aid = `zhuyang-${String(n).padStart(2, '0')}`;
      const trial = await api.request('GET', `/associations/${aid}/trial-balance`, { token });
      expect(trial.body.balanced, aid).toBe(true);
      for (const row of trial.body.accounts) {
        const signed = Money.of(row.debit).minus(Money.of(row.credit));
        totals.set(row.code, (totals.get(row.code) ?? Money.zero).plus(signed));
      }
      const members = await allMembers(aid, token);
      households += members.length;
      lowIncome += members.filter((m) => m.lowIncome !== 'none').length;
      dibaoWubao += members.filter(
        (m) => m.lowIncome === 'dibao' || m.lowIncome === 'wubao',
      ).length;
      // Member-share equity is the sum of the members' shares.
      const shares = Money.sum(members.map((m) => Money.of(m.shares.ownAmount)));
      const equity = trial.body.accounts.find((a: any) => a.code === '3101');
      expect(equity.credit, aid).toBe(shares.toString());
    }
    const credit = (code: string) => (totals.get(code) ?? Money.zero).negated().toString();
    expect(households).toBe(905);
    expect(lowIncome).toBe(400);
    expect(dibaoWubao).toBe(100);
    expect(credit('3101')).toBe('934000.00');
    // Fiscal money: what is left in 3201 plus what was credited to households as 配股.
    expect(
      Money.of(credit('3201'))
        .plus(Money.of(credit('3102')))
        .toString(),
    ).toBe('1000000.00');
    expect(credit('3202')).toBe('1100000.00');
    expect(credit('3203')).toBe('5500.00');
    const fund = ['3101', '3102', '3201', '3202', '3203'].map((c) => Money.of(credit(c)));
    expect(Money.sum(fund).toString()).toBe('3039500.00');
    expect(Money.sum(fund).toChineseCapital()).toBe('叁佰零叁万玖仟伍佰元整');
  });

  it('never shows a full ID number in the member list', async () => {
    const token = await api.login('treasurer-01');
    const members = await allMembers('zhuyang-01', token);
    for (const member of members) expect(member.idNumber).toMatch(/^332581\*{8}[\dX]{4}$/);
  });
});
