/**
 * What every write body of the route table shares (issue 15), proven by walking the schemas:
 * - one check for dates after today: every date a write books on is a bookingDate, so no
 *   route can forget DATE_IN_FUTURE; a plain businessDate only where a future date means
 *   something (a certificate's validity, a month to close, a quote that stores nothing);
 * - every string refuses control characters and has a length limit; every list has one too.
 */
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { businessDate } from '#domain/formats.ts';
import { routeKey } from '#api/route.ts';
import { bookingDate, setBusinessToday } from '#api/today.ts';
import { routes, routeTable } from '#api/routes.ts';

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

interface Leaf {
  path: string;
  schema: z.ZodType;
  def: Def;
}

/** Every string and list under a schema, with its path. */
function leaves(schema: z.ZodType, path: string): Leaf[] {
  const def = defOf(schema);
  switch (def.type) {
    case 'string':
      return [{ path, schema, def }];
    case 'array':
      return [{ path, schema, def }, ...leaves(def.element!, `${path}[]`)];
    case 'object':
      return Object.entries(def.shape!).flatMap(([name, field]) =>
        leaves(field, `${path}.${name}`),
      );
    case 'optional':
    case 'default':
    case 'nullable':
    case 'prefault':
      return leaves(def.innerType!, path);
    case 'pipe':
      return leaves(def.in!, path);
    case 'union':
      return def.options!.flatMap((option) => leaves(option, path));
    case 'record':
      return leaves(def.valueType!, `${path}.*`);
    default:
      return [];
  }
}

/** Every date field under a schema: its path and whether it refuses dates after today. */
function dateFields(schema: z.ZodType, path: string): { path: string; booking: boolean }[] {
  return leaves(schema, path)
    .filter(({ def }) => def.type === 'string' && def.checks?.includes(dateCheck))
    .map(({ path: at, def }) => ({ path: at, booking: def.checks!.includes(bookingCheck) }));
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

describe('strings and lists of every write body', () => {
  const bodies = routeTable
    .filter((route) => route.method !== 'GET' && route.body)
    .map((route) => ({ route: routeKey(route), body: route.body! }));
  const fields = bodies.flatMap(({ route, body }) =>
    leaves(body, 'body').map((leaf) => ({ route, ...leaf })),
  );

  it('refuse a control character in every string field, memos and reasons included', () => {
    const strings = fields.filter(({ def }) => def.type === 'string');
    expect(strings.length).toBeGreaterThan(60);
    const taking = strings
      .filter(({ schema }) =>
        ['雷\u0000大山', '雷\n大山', '1\t'].some((v) => schema.safeParse(v).success),
      )
      .map(({ route, path }) => `${route} ${path}`);
    expect(taking).toEqual([]);
  });

  it('refuse an oversized string in every string field', () => {
    const taking = fields
      .filter(
        ({ def, schema }) => def.type === 'string' && schema.safeParse('1'.repeat(5000)).success,
      )
      .map(({ route, path }) => `${route} ${path}`);
    expect(taking).toEqual([]);
  });

  it('bound every list', () => {
    const unbounded = fields
      .filter(
        ({ def }) =>
          def.type === 'array' &&
          !def.checks?.some(
            (check) =>
              (check as { _zod: { def: { check: string } } })._zod.def.check === 'max_length',
          ),
      )
      .map(({ route, path }) => `${route} ${path}`);
    expect(unbounded).toEqual([]);
  });
});
