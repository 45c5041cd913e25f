/** The OpenAPI 3.1 document, generated from the route table's zod schemas. */
import * as z from 'zod';
import { routeTable } from '#api/routes.ts';
import { refusalCodes, type RefusalCode } from '#domain/refusal-codes.ts';

type JsonSchema = Record<string, unknown>;

const problemSchema: JsonSchema = {
  type: 'object',
  required: ['type', 'status', 'code', 'title'],
  properties: {
    type: { type: 'string' },
    status: { type: 'integer' },
    code: {
      type: 'string',
      enum: Object.keys(refusalCodes),
      description: 'stable, for programs; each code with its status and title: x-refusal-codes',
    },
    title: { type: 'string', description: 'zh-CN, for people' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        properties: { field: { type: 'string' }, message: { type: 'string' } },
      },
    },
    requestId: { type: 'string' },
  },
};

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' });
  return rest;
}

function parameters(schema: z.ZodType | undefined, location: 'path' | 'query'): JsonSchema[] {
  if (!schema) return [];
  const object = jsonSchema(schema, 'input') as {
    properties?: Record<string, JsonSchema>;
    required?: string[];
  };
  return Object.entries(object.properties ?? {}).map(([name, property]) => ({
    name,
    in: location,
    required: location === 'path' || (object.required ?? []).includes(name),
    schema: property,
  }));
}

export function openApiDocument(): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const route of routeTable) {
    const operation: JsonSchema = {
      summary: route.summary,
      tags: [route.lambda],
      security: route.access === 'public' ? [] : [{ jwt: [] }],
      ...(route.access === 'public' ? {} : { 'x-roles': route.access }),
      parameters: [
        ...parameters(route.params, 'path'),
        ...parameters(route.query, 'query'),
        ...(route.idempotent
          ? [{ name: 'Idempotency-Key', in: 'header', required: true, schema: { type: 'string' } }]
          : []),
      ],
      ...(route.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: jsonSchema(route.body, 'input') } },
            },
          }
        : {}),
      responses: {
        [route.method === 'POST' ? '201' : '200']: {
          description: 'OK',
          ...(route.response
            ? { content: { 'application/json': { schema: jsonSchema(route.response, 'output') } } }
            : {}),
        },
        default: {
          description: 'An error (RFC 9457)',
          content: { 'application/problem+json': { schema: problemSchema } },
        },
      },
    };
    (paths[route.path] ??= {})[route.method.toLowerCase()] = operation;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Huzhu 互助 API',
      version: '0.1.0',
      description:
        'Books, loans and supervision for village mutual-aid funds. Amounts are strings with two decimals; dates are YYYY-MM-DD in Asia/Shanghai.',
    },
    /** The refusal catalogue (#domain/refusal-codes.ts): code → status and generic zh-CN title. */
    'x-refusal-codes': Object.fromEntries(
      (Object.keys(refusalCodes) as RefusalCode[]).map((code) => [code, { ...refusalCodes[code] }]),
    ),
    components: {
      securitySchemes: { jwt: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
    },
    paths,
  };
}
