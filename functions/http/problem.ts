/**
 * Errors as application/problem+json (RFC 9457): a stable `code` for programs, a zh-CN
 * `title` for people, and the offending fields for validation errors.
 */
import type { APIGatewayProxyResultV2 } from 'aws-lambda';

export interface FieldError {
  field: string;
  message: string;
}

export interface Problem {
  status: number;
  code: string;
  title: string;
  detail?: string;
  errors?: FieldError[];
  [extra: string]: unknown;
}

/** Thrown by handlers for answers that are not business refusals: 401, 403, 404, 409, 413. */
export class HttpProblem extends Error {
  constructor(readonly problem: Problem) {
    super(`${problem.status} ${problem.code}`);
    this.name = 'HttpProblem';
  }
}

export const problems = {
  unauthorized: (): Problem => ({ status: 401, code: 'UNAUTHORIZED', title: '请先登录' }),
  forbiddenRole: (): Problem => ({
    status: 403,
    code: 'FORBIDDEN_ROLE',
    title: '您的角色无权执行此操作',
  }),
  forbiddenScope: (): Problem => ({
    status: 403,
    code: 'FORBIDDEN_SCOPE',
    title: '您无权访问其他互助会或联合会的数据',
  }),
  notFound: (code: string, title: string): Problem => ({ status: 404, code, title }),
  routeNotFound: (): Problem => ({
    status: 404,
    code: 'ROUTE_NOT_FOUND',
    title: '请求的地址不存在',
  }),
  validation: (errors: FieldError[]): Problem => ({
    status: 400,
    code: 'VALIDATION_FAILED',
    title: '请求内容不符合要求',
    errors,
  }),
  malformedJson: (): Problem => ({
    status: 400,
    code: 'MALFORMED_JSON',
    title: '请求内容不是有效的 JSON',
  }),
  bodyTooLarge: (limit: number): Problem => ({
    status: 413,
    code: 'BODY_TOO_LARGE',
    title: `请求内容过大（上限 ${limit / 1024} KB）`,
  }),
  internal: (): Problem => ({
    status: 500,
    code: 'INTERNAL_ERROR',
    title: '系统内部错误，请稍后重试',
  }),
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
