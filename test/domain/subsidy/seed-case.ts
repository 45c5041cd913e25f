import type { SubsidyInput } from '#domain/subsidy/calculator.ts';

/**
 * The seed's tea-garden loan: 10万 at 2.4% for 2026, which is 2,400.00. A fresh copy each call,
 * for the calculator's tests to change, and the same JSON the API's quote tests send.
 */
export function seedSubsidyCase(): SubsidyInput {
  return {
    policy: { kind: 'fixed-rate', annualPercent: '2.4' },
    principalCap: '100000.00',
    termCapMonths: 36,
    dayBasis: 365,
    settlement: 'yearly',
    yearStartsOn: '01-01',
    loan: { principal: '100000.00', disbursedOn: '2026-01-01', maturesOn: '2027-01-01' },
  };
}
