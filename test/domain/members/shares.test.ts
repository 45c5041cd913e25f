/** Enrolment and shares: the refusals that guard a household's identity and its shares. */
import { describe, expect, it } from 'vitest';
import { enrolMember } from '#domain/members/enrolment.ts';
import { purchaseShares, redeemShares } from '#domain/members/shares.ts';
import { charter, member } from '../loans/loan-fixtures.ts';
import { refusalOf } from '../../support/refusal.ts';

const enrolment = {
  name: '雷大山',
  idNumber: '332529198001010011',
  mobile: '13800000001',
  lowIncome: 'none' as const,
  joinedOn: '2024-01-10',
};

describe('enrolMember', () => {
  it('enrols a household with a valid ID number and mobile', () => {
    expect(enrolMember(enrolment, 'zhuyang-01', 7)).toMatchObject({ id: 'm0007', ownShares: 0 });
  });

  it.each([
    [
      'an ID number with a wrong check digit',
      { idNumber: '332529198001010018' },
      'ID_NUMBER_INVALID',
      'idNumber',
    ],
    [
      'a mobile that is not 11 digits starting with 1',
      { mobile: '2380000000' },
      'MOBILE_INVALID',
      'mobile',
    ],
  ])('refuses %s: %j (%s), naming the field', (_name, change, code, field) => {
    const refusal = refusalOf(() => enrolMember({ ...enrolment, ...change }, 'zhuyang-01', 1));
    expect(refusal).toMatchObject({ code, kind: 'invalid', details: { field } });
  });
});

describe('purchaseShares and redeemShares', () => {
  const request = {
    entryId: 'je-20240301-shares01',
    shares: 1,
    on: '2024-03-01',
    channel: 'cash' as const,
  };

  it('refuses a share count that is not a positive whole number (SHARES_INVALID)', () => {
    for (const shares of [0, -1, 1.5]) {
      expect(
        refusalOf(() => purchaseShares(member(), charter, { ...request, shares })),
      ).toMatchObject({ code: 'SHARES_INVALID', kind: 'invalid' });
    }
  });

  it('refuses a date before the household joined (SHARE_DATE_BEFORE_JOINING)', () => {
    const refusal = refusalOf(() =>
      purchaseShares(member({ joinedOn: '2024-05-01' }), charter, request),
    );
    expect(refusal).toMatchObject({
      code: 'SHARE_DATE_BEFORE_JOINING',
      kind: 'refused',
      details: { field: 'on', joinedOn: '2024-05-01' },
    });
  });

  it('refuses a purchase or a redemption leaving fewer shares than the charter minimum (SHARES_BELOW_MINIMUM)', () => {
    const three = { ...charter, minShares: 3 };
    const newcomer = member({
      ownShares: 0,
      ownShareAmount: member().ownShareAmount.minus(member().ownShareAmount),
    });
    expect(refusalOf(() => purchaseShares(newcomer, three, request))).toMatchObject({
      code: 'SHARES_BELOW_MINIMUM',
      details: { minShares: 3, held: 0, requested: 1 },
    });
    const holder = member({ ownShares: 4, joinedOn: '2022-01-10' });
    expect(refusalOf(() => redeemShares(holder, three, { ...request, shares: 2 }))).toMatchObject({
      code: 'SHARES_BELOW_MINIMUM',
      details: { minShares: 3, held: 4, requested: 2 },
    });
    // Redeeming every share is leaving, not falling below the minimum.
    expect(redeemShares(holder, three, { ...request, shares: 4 }).member?.status).toBe('exited');
  });

  it('refuses to redeem while the household guarantees another loan (SHARES_GUARANTEE_STANDING)', () => {
    const guarantor = member({ joinedOn: '2022-01-10', guaranteesStanding: 1 });
    expect(refusalOf(() => redeemShares(guarantor, charter, request))).toMatchObject({
      code: 'SHARES_GUARANTEE_STANDING',
      kind: 'refused',
      details: { guaranteesStanding: 1 },
    });
  });
});
