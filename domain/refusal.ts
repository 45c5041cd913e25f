/**
 * A business rule said no. Domain code throws a Refusal with a stable code and a zh-CN
 * message; the HTTP layer turns it into application/problem+json without knowing the rule.
 * The code is one of the catalogue's (refusal-codes.ts), and the kind agrees with the status
 * the catalogue gives it: a kind that disagrees does not compile, and an omitted kind is the
 * catalogue's.
 */
import { refusalCodes, type CodeWithStatus, type RefusalCode } from './refusal-codes.ts';

export type { RefusalCode } from './refusal-codes.ts';

export const statusOfKind = {
  invalid: 400, // the input cannot be understood or breaks a format rule
  refused: 422, // understood, but a business rule forbids it
  'not-found': 404, // the thing named does not exist
  conflict: 409, // the state changed under the request
} as const;

export type RefusalKind = keyof typeof statusOfKind;

/** The codes a Refusal may carry: those whose status is one of the kinds'. */
export type DomainRefusalCode = CodeWithStatus<(typeof statusOfKind)[RefusalKind]>;

/** The kind whose status the catalogue gives `code` (for a union of codes, each one's). */
export type KindOf<C extends DomainRefusalCode> = C extends DomainRefusalCode
  ? {
      [K in RefusalKind]: (typeof refusalCodes)[C]['status'] extends (typeof statusOfKind)[K]
        ? K
        : never;
    }[RefusalKind]
  : never;

export function kindOf(code: DomainRefusalCode): RefusalKind {
  const { status } = refusalCodes[code];
  const kind = (Object.keys(statusOfKind) as RefusalKind[]).find(
    (candidate) => statusOfKind[candidate] === status,
  );
  if (!kind) throw new Error(`${code} answers ${status}, which is no refusal kind`);
  return kind;
}

export function isDomainRefusalCode(code: unknown): code is DomainRefusalCode {
  return (
    typeof code === 'string' &&
    Object.hasOwn(refusalCodes, code) &&
    Object.values(statusOfKind).some(
      (status) => refusalCodes[code as RefusalCode].status === status,
    )
  );
}

export class Refusal<C extends DomainRefusalCode = DomainRefusalCode> extends Error {
  readonly kind: RefusalKind;

  constructor(
    readonly code: C,
    /** zh-CN, shown to treasurers as is. */
    readonly title: string,
    kind?: KindOf<C>,
    /** Figures that explain the refusal (limits, amounts), safe to show. */
    readonly details?: Record<string, unknown>,
  ) {
    super(`${code}: ${title}`);
    this.name = 'Refusal';
    this.kind = kind ?? kindOf(code);
  }
}
