/**
 * Tea-garden collateral at the edges of 松阳 county's rule (charter defaults): trees ≥ 3 years,
 * ≥ 2亩 for up to 5万, ≥ 15亩 for up to 10万, the loan ≤ 60% of the appraised value, the
 * appraisal not expired; one loan at a time; released on payoff, enforced on write-off.
 */
import { describe, expect, it } from 'vitest';
import { defaultCharter } from '#domain/charter.ts';
import { Money } from '#domain/money.ts';
import { Refusal } from '#domain/refusal.ts';
import {
  appraisalInForce,
  certificateStatus,
  pledgedLoanId,
  reappraise,
  registerCertificate,
  treeAgeOn,
  wholeYearsBetween,
  type TeaGardenCertificate,
} from '#domain/tea-gardens/certificate.ts';
import {
  checkPledge,
  endPledge,
  gardenLoanLimits,
  loanToValueCap,
  pledgeCertificate,
  restorePledge,
  tierCapFor,
  type PledgedLoan,
} from '#domain/tea-gardens/pledge.ts';
import { teaGardenSettings } from '#domain/tea-gardens/settings.ts';
import { member } from '../loans/loan-fixtures.ts';

const settings = defaultCharter().teaGarden;

/** 20亩 of 3-year-old 龙井43, appraised at 200,000 on 2025-03-01, valid to 2026-02-28. */
function garden(
  overrides: {
    areaMu?: string;
    value?: string;
    treeAgeYears?: number;
    appraisedOn?: string;
    validUntil?: string;
  } = {},
): TeaGardenCertificate {
  return registerCertificate({
    id: 't0001',
    associationId: 'zhuyang-01',
    county: '松阳县',
    number: '松茶评(2025)第0001号',
    holder: member(),
    location: '新兴镇大木山',
    boundaries: { east: '山脊', south: '机耕路', west: '雷家茶园', north: '溪' },
    areaMu: overrides.areaMu ?? '20',
    variety: '龙井43',
    appraisal: {
      value: Money.of(overrides.value ?? '200000.00'),
      appraiser: '松阳县茶园资产评估中心',
      appraisedOn: overrides.appraisedOn ?? '2025-03-01',
      validUntil: overrides.validUntil ?? '2026-02-28',
      treeAgeYears: overrides.treeAgeYears ?? 3,
    },
  });
}

function loan(principal: string, overrides: Partial<PledgedLoan> = {}): PledgedLoan {
  return {
    id: 'l0001',
    memberId: 'm0001',
    principal: Money.of(principal),
    status: 'open',
    product: 'tea-garden',
    disbursedOn: '2025-04-01',
    ...overrides,
  };
}

const on = '2025-04-01';
const codes = (certificate: TeaGardenCertificate, principal: string, date = on) =>
  checkPledge(settings, certificate, loan(principal), date).refusals.map((r) => r.code);

describe('registerCertificate refuses an appraisal it cannot read', () => {
  it.each([
    [{ appraisedOn: '2025-02-30' }, 'TEA_GARDEN_DATE_INVALID', 'appraisedOn'],
    [{ validUntil: '2026-13-01' }, 'TEA_GARDEN_DATE_INVALID', 'validUntil'],
    [{ value: '0.00' }, 'TEA_GARDEN_VALUE_INVALID', 'appraisedValue'],
    [{ treeAgeYears: -1 }, 'TEA_GARDEN_TREE_AGE_INVALID', 'treeAgeYears'],
    [{ treeAgeYears: 2.5 }, 'TEA_GARDEN_TREE_AGE_INVALID', 'treeAgeYears'],
    [{ areaMu: '0' }, 'TEA_GARDEN_AREA_INVALID', 'areaMu'],
  ])('%j: %s on %s', (overrides, code, field) => {
    expect(() => garden(overrides)).toThrow(
      expect.objectContaining({
        code,
        kind: 'invalid',
        details: expect.objectContaining({ field }),
      }),
    );
  });
});

describe('the charter defaults are the county rule', () => {
  it('3 years, 2亩 → 5万, 15亩 → 10万, 60%, a 10万 product cap, subsidised', () => {
    expect(settings).toEqual({
      maxLoan: '100000.00',
      minTreeAgeYears: 3,
      tiers: [
        { minAreaMu: '2', maxLoan: '50000.00' },
        { minAreaMu: '15', maxLoan: '100000.00' },
      ],
      loanToValuePercent: '60',
      subsidyEligible: true,
    });
  });

  it('refuses tiers out of order or above the product cap', () => {
    expect(
      teaGardenSettings.safeParse({
        tiers: [
          { minAreaMu: '15', maxLoan: '100000.00' },
          { minAreaMu: '2', maxLoan: '50000.00' },
        ],
      }).success,
    ).toBe(false);
    expect(
      teaGardenSettings.safeParse({
        maxLoan: '80000.00',
        tiers: [{ minAreaMu: '2', maxLoan: '90000.00' }],
      }).success,
    ).toBe(false);
  });
});

describe('checkPledge at the edges', () => {
  it.each([
    ['2亩 qualifies for 5万', { areaMu: '2' }, '50000.00', []],
    ['1.99亩 does not qualify', { areaMu: '1.99' }, '10000.00', ['TEA_GARDEN_AREA_TOO_SMALL']],
    ['2亩 cannot secure 5万 and 1分', { areaMu: '2' }, '50000.01', ['TEA_GARDEN_ABOVE_TIER_CAP']],
    ['15亩 qualifies for 10万', { areaMu: '15', value: '200000.00' }, '100000.00', []],
    [
      '14.99亩 only for 5万',
      { areaMu: '14.99', value: '200000.00' },
      '100000.00',
      ['TEA_GARDEN_ABOVE_TIER_CAP'],
    ],
    ['14.99亩 for 5万 exactly', { areaMu: '14.99' }, '50000.00', []],
    ['trees of 3 years', { treeAgeYears: 3 }, '10000.00', []],
    ['trees of 2 years', { treeAgeYears: 2 }, '10000.00', ['TEA_GARDEN_TREES_TOO_YOUNG']],
    ['60% of the value exactly', { value: '50000.00' }, '30000.00', []],
    [
      '60% of the value and 1分 over',
      { value: '50000.00' },
      '30000.01',
      ['TEA_GARDEN_ABOVE_LOAN_TO_VALUE'],
    ],
    [
      'expired the day before',
      { validUntil: '2025-03-31' },
      '10000.00',
      ['TEA_GARDEN_APPRAISAL_EXPIRED'],
    ],
    ['valid through the pledge date', { validUntil: on }, '10000.00', []],
  ] as const)('%s', (_name, gardenOverrides, principal, expected) => {
    expect(codes(garden(gardenOverrides), principal)).toEqual(expected);
  });

  it('names the rule and its figures', () => {
    const [area] = checkPledge(settings, garden({ areaMu: '1.99' }), loan('10000.00'), on).refusals;
    expect(area).toMatchObject({
      code: 'TEA_GARDEN_AREA_TOO_SMALL',
      kind: 'refused',
      details: { areaMu: '1.99', minAreaMu: '2' },
    });
    expect(area!.title).toBe('茶园面积 1.99 亩，章程要求至少 2 亩才能抵押');

    const [tier] = checkPledge(
      settings,
      garden({ areaMu: '14.99', value: '200000.00' }),
      loan('60000.00'),
      on,
    ).refusals;
    expect(tier!.details).toMatchObject({
      areaMu: '14.99',
      tierCap: '50000.00',
      principal: '60000.00',
      minAreaMuNeeded: '15',
    });
    expect(tier!.title).toBe(
      '茶园面积 14.99 亩最多可抵押借款 ¥50,000.00，借款本金 ¥60,000.00（需要至少 15 亩）',
    );

    const [ltv] = checkPledge(
      settings,
      garden({ value: '50000.00' }),
      loan('30000.01'),
      on,
    ).refusals;
    expect(ltv!.details).toMatchObject({
      appraisedValue: '50000.00',
      loanToValuePercent: '60',
      loanToValueCap: '30000.00',
      principal: '30000.01',
    });
    expect(ltv!.title).toBe('借款本金 ¥30,000.01 超过评估价值 ¥50,000.00 的 60%（¥30,000.00）');

    const [young] = checkPledge(
      settings,
      garden({ treeAgeYears: 2 }),
      loan('1000.00'),
      on,
    ).refusals;
    expect(young!.details).toMatchObject({ treeAgeYears: 2, minTreeAgeYears: 3 });

    const [expired] = checkPledge(
      settings,
      garden({ validUntil: '2025-03-31' }),
      loan('1000.00'),
      on,
    ).refusals;
    expect(expired!.details).toMatchObject({ validUntil: '2025-03-31', on });
  });

  it('rounds the loan-to-value cap down to the 分: 60% of 83,333.33 is 49,999.99', () => {
    expect(loanToValueCap(settings, Money.of('83333.33')).toString()).toBe('49999.99');
    expect(codes(garden({ value: '83333.33' }), '49999.99')).toEqual([]);
    expect(codes(garden({ value: '83333.33' }), '50000.00')).toEqual([
      'TEA_GARDEN_ABOVE_LOAN_TO_VALUE',
    ]);
  });

  it('takes the highest tier reached, never above the product cap', () => {
    expect(tierCapFor(settings, '1.99')).toBeUndefined();
    expect(tierCapFor(settings, '2')?.toString()).toBe('50000.00');
    expect(tierCapFor(settings, '200')?.toString()).toBe('100000.00');
  });

  it('ages the trees from the appraisal: 2 years on 2025-03-01 are 3 on 2026-03-01', () => {
    const young = garden({ treeAgeYears: 2, validUntil: '2027-02-28' });
    expect(codes(young, '1000.00', '2026-02-28')).toEqual(['TEA_GARDEN_TREES_TOO_YOUNG']);
    expect(codes(young, '1000.00', '2026-03-01')).toEqual([]);
    expect(wholeYearsBetween('2024-02-29', '2025-02-28')).toBe(1);
    expect(wholeYearsBetween('2024-05-01', '2025-04-30')).toBe(0);
    expect(treeAgeOn(young.appraisals[0]!, '2028-03-01')).toBe(5);
  });

  it('refuses a loan that is not the holder’s, not open, not a tea-garden loan, or later', () => {
    const refusals = checkPledge(
      settings,
      garden(),
      loan('1000.00', {
        memberId: 'm0002',
        status: 'paid-off',
        product: 'standard',
        disbursedOn: '2025-05-01',
      }),
      on,
    ).refusals.map((r) => r.code);
    expect(refusals).toEqual([
      'PLEDGE_HOLDER_NOT_BORROWER',
      'PLEDGE_LOAN_CLOSED',
      'PLEDGE_LOAN_NOT_TEA_GARDEN',
      'PLEDGE_BEFORE_DISBURSEMENT',
    ]);
  });

  it('refuses a pledge dated before the first appraisal', () => {
    const early = loan('1000.00', { disbursedOn: '2025-02-01' });
    const [refusal, ...others] = checkPledge(settings, garden(), early, '2025-02-28').refusals;
    expect(others).toEqual([]);
    expect(refusal).toMatchObject({
      code: 'TEA_GARDEN_NOT_APPRAISED',
      details: { on: '2025-02-28', firstAppraisedOn: '2025-03-01' },
    });
  });
});

describe('one loan at a time', () => {
  it('pledges, refuses a second pledge with 409, releases, pledges again', () => {
    const first = pledgeCertificate(settings, garden(), loan('50000.00'), on, 'treasurer-01');
    expect(first.pledge).toMatchObject({
      loanId: 'l0001',
      pledgedOn: on,
      appraisalId: 'a1',
      state: 'active',
      recordedBy: 'treasurer-01',
    });
    expect(first.pledge.tierCap.toString()).toBe('100000.00');
    expect(first.pledge.loanToValueCap.toString()).toBe('120000.00');
    expect(certificateStatus(first.certificate)).toBe('pledged');
    expect(pledgedLoanId(first.certificate)).toBe('l0001');

    let second: unknown;
    try {
      pledgeCertificate(settings, first.certificate, loan('1000.00', { id: 'l0002' }), on);
    } catch (error) {
      second = error;
    }
    expect(second).toBeInstanceOf(Refusal);
    expect(second).toMatchObject({
      code: 'CERTIFICATE_ALREADY_PLEDGED',
      kind: 'conflict',
      details: { pledgedLoanId: 'l0001' },
    });

    const released = endPledge(first.certificate, 'l0001', 'released', '2025-10-01');
    expect(certificateStatus(released)).toBe('free');
    expect(pledgedLoanId(released)).toBeUndefined();
    expect(released.pledges[0]).toMatchObject({ state: 'released', endedOn: '2025-10-01' });
    const again = pledgeCertificate(
      settings,
      released,
      loan('1000.00', { id: 'l0002', disbursedOn: '2025-10-02' }),
      '2025-10-02',
    );
    expect(again.certificate.pledges.map((p) => [p.loanId, p.state])).toEqual([
      ['l0001', 'released'],
      ['l0002', 'active'],
    ]);
  });

  it('an enforced certificate is taken for good: no pledge, no re-appraisal', () => {
    const { certificate } = pledgeCertificate(settings, garden(), loan('1000.00'), on);
    const enforced = endPledge(certificate, 'l0001', 'enforced', '2025-12-01');
    expect(certificateStatus(enforced)).toBe('enforced');
    expect(pledgedLoanId(enforced)).toBe('l0001');
    expect(
      checkPledge(settings, enforced, loan('1000.00', { id: 'l0002' }), '2025-12-02').refusals[0],
    ).toMatchObject({ code: 'TEA_GARDEN_CERTIFICATE_ENFORCED', kind: 'refused' });
    expect(() =>
      reappraise(enforced, {
        value: Money.of('1.00'),
        appraiser: 'x',
        appraisedOn: '2025-12-03',
        validUntil: '2026-12-03',
        treeAgeYears: 4,
      }),
    ).toThrow(/已因借款 l0001 核销被处置/);
  });

  it('ending a pledge for another loan changes nothing', () => {
    const { certificate } = pledgeCertificate(settings, garden(), loan('1000.00'), on);
    expect(endPledge(certificate, 'l0009', 'released', '2025-12-01')).toEqual(certificate);
  });

  it('a reversed payoff pledges the garden again, unless another loan holds it now', () => {
    const { certificate } = pledgeCertificate(settings, garden(), loan('1000.00'), on);
    const released = endPledge(certificate, 'l0001', 'released', '2025-10-01');
    const restored = restorePledge(released, 'l0001');
    expect(restored).toEqual(certificate);
    expect(certificateStatus(restored)).toBe('pledged');
    // Nothing to restore: a loan that never released it, or one that still holds it.
    expect(restorePledge(released, 'l0009')).toBe(released);
    expect(restorePledge(certificate, 'l0001')).toBe(certificate);

    const taken = pledgeCertificate(
      settings,
      released,
      loan('1000.00', { id: 'l0002', disbursedOn: '2025-10-02' }),
      '2025-10-02',
    ).certificate;
    expect(() => restorePledge(taken, 'l0001')).toThrow(
      expect.objectContaining({
        code: 'PLEDGE_NOT_RESTORABLE',
        kind: 'conflict',
        details: { number: '松茶评(2025)第0001号', loanId: 'l0001', pledgedLoanId: 'l0002' },
      }),
    );
    const enforced = endPledge(taken, 'l0002', 'enforced', '2025-12-01');
    expect(() => restorePledge(enforced, 'l0001')).toThrow(/已抵押给借款 l0002/);
  });
});

describe('appraisals', () => {
  it('keeps every appraisal; the latest dated on or before the day is in force', () => {
    const first = garden({ value: '50000.00' });
    const second = reappraise(first, {
      value: Money.of('80000.00'),
      appraiser: '丽水市茶园评估所',
      appraisedOn: '2025-09-01',
      validUntil: '2026-08-31',
      treeAgeYears: 4,
    });
    expect(second.appraisals.map((a) => [a.id, a.value.toString()])).toEqual([
      ['a1', '50000.00'],
      ['a2', '80000.00'],
    ]);
    expect(appraisalInForce(second, '2025-08-31')?.id).toBe('a1');
    expect(appraisalInForce(second, '2025-09-01')?.id).toBe('a2');
    // 48,000 is 60% of 80,000: too much on the old value, enough on the new.
    expect(codes(second, '48000.00', '2025-08-31')).toEqual(['TEA_GARDEN_ABOVE_LOAN_TO_VALUE']);
    expect(codes(second, '48000.00', '2025-09-01')).toEqual([]);
  });

  it('refuses a re-appraisal dated before the one in force, or valid for no day', () => {
    const base = { value: Money.of('1.00'), appraiser: 'x', treeAgeYears: 4 };
    expect(() =>
      reappraise(garden(), { ...base, appraisedOn: '2025-02-28', validUntil: '2026-01-01' }),
    ).toThrow(expect.objectContaining({ code: 'TEA_GARDEN_APPRAISAL_OUT_OF_ORDER' }));
    expect(() =>
      reappraise(garden(), { ...base, appraisedOn: '2025-06-01', validUntil: '2025-06-01' }),
    ).toThrow(expect.objectContaining({ code: 'TEA_GARDEN_VALIDITY_INVALID' }));
  });

  it('registers one written form of the area and refuses an exited holder or no area', () => {
    expect(garden({ areaMu: '15.50' }).areaMu).toBe('15.5');
    const base = garden();
    const registration = {
      id: 't0002',
      associationId: 'zhuyang-01',
      county: '松阳县',
      number: 'X1',
      location: base.location,
      boundaries: base.boundaries,
      variety: base.variety,
      appraisal: { ...base.appraisals[0]! },
    };
    expect(() =>
      registerCertificate({
        ...registration,
        holder: member({ status: 'exited' }),
        areaMu: '3',
      }),
    ).toThrow(expect.objectContaining({ code: 'TEA_GARDEN_HOLDER_EXITED' }));
    expect(() => registerCertificate({ ...registration, holder: member(), areaMu: '0' })).toThrow(
      expect.objectContaining({ code: 'TEA_GARDEN_AREA_INVALID' }),
    );
  });
});

describe('gardenLoanLimits: the most a certificate may secure on a date', () => {
  const limits = (certificate: TeaGardenCertificate, on: string) => {
    const found = gardenLoanLimits(settings, certificate, on);
    return (
      found && {
        tierCap: found.tierCap?.toString(),
        loanToValueCap: found.loanToValueCap.toString(),
        maxLoan: found.maxLoan.toString(),
      }
    );
  };

  it('is the lower of the tier cap and 60% of the value while the appraisal is in force', () => {
    // 20亩 reaches the 15亩 tier (10万); 60% of 200,000 is 120,000.
    expect(limits(garden(), '2025-06-01')).toEqual({
      tierCap: '100000.00',
      loanToValueCap: '120000.00',
      maxLoan: '100000.00',
    });
    expect(limits(garden({ value: '50000.00' }), '2025-06-01')?.maxLoan).toBe('30000.00');
  });

  it('is nothing before any appraisal, once it expires, below every tier, for young trees', () => {
    expect(limits(garden(), '2025-02-28')).toBeUndefined();
    expect(limits(garden(), '2026-03-01')?.maxLoan).toBe('0.00');
    expect(limits(garden({ areaMu: '1.99' }), '2025-06-01')).toEqual({
      tierCap: undefined,
      loanToValueCap: '120000.00',
      maxLoan: '0.00',
    });
    expect(limits(garden({ treeAgeYears: 2 }), '2025-06-01')?.maxLoan).toBe('0.00');
  });
});
