/**
 * Errors as application/problem+json (RFC 9457): a stable `code` for programs, a zh-CN
 * `title` for people, and the offending fields for validation errors.
 */
import type { APIGatewayProxyResultV2 } from 'aws-lambda';
import { refusalCodes, type CodeWithStatus, type RefusalCode } from '#domain/refusal-codes.ts';

export interface FieldError {
  field: string;
  message: string;
}

/**
 * One answer per code of the catalogue (#domain/refusal-codes.ts): the status is the one the
 * catalogue gives the code, so a problem answering with another status does not compile.
 */
export type Problem = ProblemOf<RefusalCode>;

type ProblemOf<C extends RefusalCode> = C extends RefusalCode
  ? {
      status: (typeof refusalCodes)[C]['status'];
      code: C;
      title: string;
      detail?: string;
      errors?: FieldError[];
      [extra: string]: unknown;
    }
  : never;

/** The problem a code answers with: its catalogue status, and its title unless one is given. */
export function problemOf(
  code: RefusalCode,
  title: string = refusalCodes[code].title,
  extra: Record<string, unknown> = {},
): Problem {
  // The figures first: a detail may never replace the status, code or title.
  return { ...extra, status: refusalCodes[code].status, code, title } as Problem;
}

/** Thrown by handlers for answers that are not business refusals: 401, 403, 404, 409, 413. */
export class HttpProblem extends Error {
  constructor(readonly problem: Problem) {
    super(`${problem.status} ${problem.code}`);
    this.name = 'HttpProblem';
  }
}

export const problems = {
  unauthorized: () => problemOf('UNAUTHORIZED'),
  forbiddenRole: () => problemOf('FORBIDDEN_ROLE'),
  forbiddenScope: () => problemOf('FORBIDDEN_SCOPE'),
  notFound: (code: CodeWithStatus<404>, title: string) => problemOf(code, title),
  routeNotFound: () => problemOf('ROUTE_NOT_FOUND'),
  validation: (errors: FieldError[]) => problemOf('VALIDATION_FAILED', undefined, { errors }),
  malformedJson: () => problemOf('MALFORMED_JSON'),
  bodyTooLarge: (limit: number) =>
    problemOf('BODY_TOO_LARGE', `请求内容过大（上限 ${limit / 1024} KB）`),
  internal: () => problemOf('INTERNAL_ERROR'),
};

export function problemResponse(problem: Problem, requestId?: string): APIGatewayProxyResultV2 {
  return {
    statusCode: problem.status,
    // A refusal is about this request: no cache, shared or private, may keep it.
    headers: {
      'content-type': 'application/problem+json; charset=utf-8',
      'cache-control': 'no-store',
    },
    body: JSON.stringify({
      type: `urn:huzhu:problem:${problem.code.toLowerCase().replaceAll('_', '-')}`,
      ...problem,
      ...(requestId ? { requestId } : {}),
    }),
  };
}
