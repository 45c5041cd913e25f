import { describe, expect, it } from 'vitest';
import { SignJWT, generateKeyPair } from 'jose';
import { useLocalSystem } from '../support/local-system.ts';
import { refusalCodes } from '#domain/refusal-codes.ts';

const api = useLocalSystem({ seed: ['zhuyang-01', 'zhuyang-02', 'zhuyang-07'] });

describe('GET /associations/{aid} through the local adapter', () => {
  it('lets a treasurer read their own association with its charter', async () => {
    const token = await api.login('treasurer-01');
    const response = await api.request('GET', '/associations/zhuyang-01', { token });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      id: 'zhuyang-01',
      federationId: 'zhuyang',
      name: '竹垟畲族乡竹垟村资金互助会',
      charter: {
        sharePrice: '1000.00',
        maxShares: 10,
        fees: { standard: { monthlyPermille: '6' } },
        yearEndSplit: { riskReserve: '30', shareReturn: '10' },
      },
    });
    expect(Array.isArray(response.body.balances)).toBe(true);
  });

  it('refuses another association to a treasurer with 403 problem+json', async () => {
    const token = await api.login('treasurer-01');
    const response = await api.request('GET', '/associations/zhuyang-02', { token });
    expect(response.status).toBe(403);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.body).toMatchObject({ status: 403, code: 'FORBIDDEN_SCOPE' });
    expect(response.body.title).toMatch(/无权/);
  });

  it('lets the supervisor and the auditor read every association of their federation', async () => {
    for (const username of ['supervisor', 'auditor']) {
      const token = await api.login(username);
      const response = await api.request('GET', '/associations/zhuyang-07', { token });
      expect(response.status, username).toBe(200);
      expect(response.body.id).toBe('zhuyang-07');
    }
  });

  it('answers 401 without a token, with a forged token and with a token from another key', async () => {
    expect((await api.request('GET', '/associations/zhuyang-01')).status).toBe(401);

    const genuine = await api.login('treasurer-01');
    const [header, payload] = genuine.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const tamperedPayload = Buffer.from(
      JSON.stringify({ ...claims, 'custom:association_id': 'zhuyang-02' }),
    ).toString('base64url');
    const tampered = `${header}.${tamperedPayload}.${genuine.split('.')[2]}`;
    const tamperedResponse = await api.request('GET', '/associations/zhuyang-02', {
      token: tampered,
    });
    expect(tamperedResponse.status).toBe(401);

    const { privateKey } = await generateKeyPair('ES256');
    const forged = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', kid: 'huzhu-local-1' })
      .sign(privateKey);
    expect((await api.request('GET', '/associations/zhuyang-01', { token: forged })).status).toBe(
      401,
    );
  });

  it('answers 404 problem+json for an association that does not exist', async () => {
    const token = await api.login('supervisor');
    const response = await api.request('GET', '/associations/zhuyang-99', { token });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.body).toMatchObject({
      status: 404,
      code: 'ASSOCIATION_NOT_FOUND',
      title: '互助会不存在',
    });
  });

  it('answers 400 with the field named for a malformed id', async () => {
    const token = await api.login('treasurer-01');
    const response = await api.request('GET', '/associations/Zhuyang_01!', { token });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
    expect(response.body.errors).toEqual([
      expect.objectContaining({ field: 'path.aid', message: expect.stringMatching(/编号/) }),
    ]);
  });
});

describe('public routes', () => {
  it('answers /health without a token', async () => {
    const response = await api.request('GET', '/health');
    expect(response.status).toBe(200);
    expect(response.body.status).toBe('ok');
  });

  it('describes every route of the route table in /openapi.json', async () => {
    const response = await api.request('GET', '/openapi.json');
    expect(response.status).toBe(200);
    expect(response.body.openapi).toBe('3.1.0');
    const operation = response.body.paths['/associations/{aid}'].get;
    expect(operation.security).toEqual([{ jwt: [] }]);
    expect(operation.parameters[0]).toMatchObject({ name: 'aid', in: 'path', required: true });
    expect(
      operation.responses['200'].content['application/json'].schema.properties.charter,
    ).toBeDefined();
    expect(response.body.paths['/health'].get.security).toEqual([]);
  });

  it('lists every code of the refusal catalogue in /openapi.json, with its status and title', async () => {
    const response = await api.request('GET', '/openapi.json');
    expect(response.body['x-refusal-codes']).toEqual(refusalCodes);
    const problem =
      response.body.paths['/associations/{aid}'].get.responses.default.content[
        'application/problem+json'
      ].schema;
    expect(problem.properties.code.enum).toEqual(Object.keys(refusalCodes));
    expect(response.body['x-refusal-codes'].LOAN_CLOSED).toEqual({
      status: 422,
      title: '该借款已结清或核销，不能再办理还款或核销',
    });
  });

  it('lists the demo users and refuses an unknown one at login', async () => {
    const users = await api.request('GET', '/local/users');
    expect(users.body.users.filter((u: { role: string }) => u.role === 'treasurer')).toHaveLength(
      10,
    );
    expect(users.body.users.map((u: { username: string }) => u.username)).toEqual(
      expect.arrayContaining(['supervisor', 'auditor', 'admin']),
    );
    const refused = await api.request('POST', '/local/login', { body: { username: 'nobody' } });
    expect(refused.status).toBe(400);
    expect(refused.body.code).toBe('UNKNOWN_DEMO_USER');
  });

  it('answers an unknown path with 404 problem+json', async () => {
    const response = await api.request('GET', '/nowhere');
    expect(response.status).toBe(404);
    expect(response.body.code).toBe('ROUTE_NOT_FOUND');
  });
});
