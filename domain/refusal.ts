/**
 * A business rule said no. Domain code throws a Refusal with a stable code and a zh-CN
 * message; the HTTP layer turns it into application/problem+json without knowing the rule.
 */
export type RefusalKind =
  | 'invalid' // the input cannot be understood or breaks a format rule (400)
  | 'refused' // understood, but a business rule forbids it (422)
  | 'not-found' // the thing named does not exist (404)
  | 'conflict'; // the state changed under the request (409)

export class Refusal extends Error {
  constructor(
    readonly code: string,
    /** zh-CN, shown to treasurers as is. */
    readonly title: string,
    readonly kind: RefusalKind = 'refused',
    /** Figures that explain the refusal (limits, amounts), safe to show. */
    readonly details?: Record<string, unknown>,
  ) {
    super(`${code}: ${title}`);
    this.name = 'Refusal';
  }
}
