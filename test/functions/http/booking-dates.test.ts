/**
 * One check for dates after today (issue 15): every date a write route books on is a
 * bookingDate, so no route can forget DATE_IN_FUTURE. The walk below finds every date field of
 * every write body in the route table; a plain businessDate is allowed only where a future date
 * means something (a certificate's validity, a month to close, a quote that stores nothing).
 */
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { businessDate } from '../../../domain/formats.ts';
import { routeKey } from '../../../functions/http/route.ts';
import { bookingDate, setBusinessToday } from '../../../functions/http/today.ts';
import { routes, routeTable } from '../../../functions/routes.ts';

type Def = {
  type: string;
  checks?: unknown[];
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  in?: z.ZodType;
  options?: z.ZodType[];
  valueType?: z.ZodType;
  element?: z.ZodType;
};
const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: Def } })._zod.def;
const lastCheck = (schema: z.ZodType) => defOf(schema).checks!.at(-1);
const dateCheck = lastCheck(businessDate);
const bookingCheck = lastCheck(bookingDate);

/** Every date field under a schema: its path and whether it refuses dates after today. */
function dateFields(schema: z.ZodType, path: string): { path: string; booking: boolean }[] {
  const def = defOf(schema);
  switch (def.type) {
    case 'string':
      if (!def.checks?.includes(dateCheck)) return [];
      return [{ path, booking: def.checks.includes(bookingCheck) }];
    case 'object':
      return Object.entries(def.shape!).flatMap(([name, field]) =>
        dateFields(field, `${path}.${name}`),
      );
    case 'optional':
    case 'default':
    case 'nullable':
    case 'prefault':
      return dateFields(def.innerType!, path);
    case 'pipe':
      return dateFields(def.in!, path);
    case 'union':
      return def.options!.flatMap((option) => dateFields(option, path));
    case 'record':
      return dateFields(def.valueType!, `${path}.*`);
    case 'array':
      return dateFields(def.element!, `${path}[]`);
    default:
      return [];
  }
}

/** Write routes whose dates may lie ahead, and why. */
const forwardLooking: Record<string, string[]> = {
  // A quote stores nothing: a loan may be previewed for next week.
  [routeKey(routes.quoteLoan)]: ['body.disbursedOn'],
  // A certificate is valid until a day to come.
  [routeKey(routes.registerTeaGarden)]: ['body.validUntil'],
  [routeKey(routes.reappraiseTeaGarden)]: ['body.validUntil'],
  // 结账 has its own rule for a month not yet ended (PERIOD_NOT_ENDED).
  [routeKey(routes.closePeriod)]: ['body.through'],
  [routeKey(routes.reopenPeriod)]: ['body.through'],
};

describe('dates a write books on', () => {
  const writes = routeTable.filter((route) => route.method !== 'GET' && route.body);

  it('are bookingDate on every write route, except the forward-looking fields named', () => {
    const plain: string[] = [];
    let booking = 0;
    for (const route of writes) {
      for (const field of dateFields(route.body!, 'body')) {
        if (field.booking) booking += 1;
        else if (!forwardLooking[routeKey(route)]?.includes(field.path)) {
          plain.push(`${routeKey(route)} ${field.path}`);
        }
      }
    }
    expect(plain).toEqual([]);
    // The walk does find them: loans, shares, capital, reversals, 调剂, risk fund, 贴息, ...
    expect(booking).toBeGreaterThanOrEqual(19);
  });

  it('finds the 调剂 approval date, the one that was booked in 2099', () => {
    expect(dateFields(routes.approveLiquidityPlan.body!, 'body')).toEqual([
      { path: 'body.on', booking: true },
    ]);
  });

  it('refuses a date after today as DATE_IN_FUTURE, and today itself passes', () => {
    setBusinessToday('2026-11-20');
    try {
      expect(bookingDate.safeParse('2026-11-20').success).toBe(true);
      const future = bookingDate.safeParse('2099-01-01');
      expect(future.success).toBe(false);
      expect(future.error!.issues[0]).toMatchObject({
        message: '业务日期 2099-01-01 晚于今天（2026-11-20），不能登记',
        params: { refusal: 'DATE_IN_FUTURE', today: '2026-11-20' },
      });
      // An impossible date is a format error, not a future one.
      const impossible = bookingDate.safeParse('9999-02-30');
      expect(impossible.error!.issues).toHaveLength(1);
      expect(impossible.error!.issues[0]!.message).toBe('日期必须是有效的 YYYY-MM-DD 日期');
    } finally {
      setBusinessToday(undefined);
    }
  });
});
