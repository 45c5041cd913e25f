/**
 * A local stand-in for 腾讯云短信's HTTP API (SMS 2021-01-11), written from Tencent Cloud's
 * description of TC3-HMAC-SHA256, independently of the SDK: the Authorization header's
 * credential scope must be <SecretId>/<UTC date of X-TC-Timestamp>/sms/tc3_request, the
 * timestamp within 5 minutes, and the signature HMAC-SHA256 of the string to sign under the key
 * derived from "TC3" + SecretKey, the date, the service and "tc3_request", over a canonical
 * request of the method, path, query, signed headers (content-type; host) and the body's
 * SHA-256. SendSms answers Ok, LimitExceeded.PhoneNumberThirtySecondLimit (throttled) or
 * FailedOperation.TemplateIncorrectOrUnapproved; PullSmsSendStatus gives each report once.
 */
import { createHash, createHmac, randomUUID } from 'node:crypto';
import { Agent, type IncomingMessage } from 'node:http';
import { connect } from 'node:net';
import { answerSend, startProviderStub, type StubState } from './provider-stub.ts';

export const tencentKey = { accessKeyId: 'AKID-test-key', accessKeySecret: 'test-secret-tencent' };
export const tencentHost = 'sms.tencentcloudapi.com';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const hmac = (key: Buffer | string, text: string) =>
  createHmac('sha256', key).update(text).digest();

export function tc3Signature(request: IncomingMessage, body: string, date: string, signed: string) {
  const headers = signed
    .split(';')
    .map(
      (name) =>
        `${name}:${String(request.headers[name] ?? '')
          .trim()
          .toLowerCase()}\n`,
    )
    .join('');
  const url = new URL(request.url ?? '/', 'http://stub');
  const canonical = [
    request.method,
    url.pathname,
    url.search.slice(1),
    headers,
    signed,
    sha256(body),
  ].join('\n');
  const scope = `${date}/sms/tc3_request`;
  const timestamp = String(request.headers['x-tc-timestamp']);
  const toSign = ['TC3-HMAC-SHA256', timestamp, scope, sha256(canonical)].join('\n');
  const key = hmac(hmac(hmac(`TC3${tencentKey.accessKeySecret}`, date), 'sms'), 'tc3_request');
  return createHmac('sha256', key).update(toSign).digest('hex');
}

const authorization =
  /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d{2}-\d{2})\/([\w-]+)\/tc3_request, SignedHeaders=([\w;-]+), Signature=([0-9a-f]{64})$/;

function signatureProblem(request: IncomingMessage, body: string): string | undefined {
  const match = authorization.exec(String(request.headers.authorization ?? ''));
  if (!match) return 'AuthFailure.SignatureFailure';
  const [, secretId, date, service, signed, signature] = match;
  const timestamp = Number(request.headers['x-tc-timestamp']);
  if (secretId !== tencentKey.accessKeyId) return 'AuthFailure.SecretIdNotFound';
  if (Math.abs(Date.now() / 1000 - timestamp) > 300) return 'AuthFailure.SignatureExpire';
  const utcDate = new Date(timestamp * 1000).toISOString().slice(0, 10);
  if (service !== 'sms' || date !== utcDate || !signed!.includes('host')) {
    return 'AuthFailure.SignatureFailure';
  }
  if (tc3Signature(request, body, date!, signed!) !== signature)
    return 'AuthFailure.SignatureFailure';
  return undefined;
}

interface SendSmsBody {
  SmsSdkAppId: string;
  SignName: string;
  TemplateId: string;
  TemplateParamSet?: string[];
  PhoneNumberSet: string[];
  SessionContext?: string;
}

const answerCodes = {
  success: { Code: 'Ok', Message: 'send success' },
  throttled: {
    Code: 'LimitExceeded.PhoneNumberThirtySecondLimit',
    Message: '单个手机号30秒内下发短信条数超过设定的上限',
  },
  'template-rejected': {
    Code: 'FailedOperation.TemplateIncorrectOrUnapproved',
    Message: '模板未审批或请求的内容与审核通过的模板内容不匹配',
  },
};

function sendSms(request: SendSmsBody, state: StubState, templates: Map<string, number>) {
  const phone = request.PhoneNumberSet[0] ?? '';
  const params = request.TemplateParamSet ?? [];
  const serialNo = `2433:${randomUUID()}`;
  const answer =
    templates.get(request.TemplateId) === params.length
      ? answerSend(state, {
          providerMessageId: serialNo,
          messageId: request.SessionContext ?? '',
          phone,
          signName: request.SignName,
          template: request.TemplateId,
          params,
        })
      : 'template-rejected';
  const status = {
    SerialNo: answer === 'success' ? serialNo : '',
    PhoneNumber: phone,
    Fee: answer === 'success' ? 1 : 0,
    SessionContext: request.SessionContext ?? '',
    IsoCode: 'CN',
    ...answerCodes[answer],
  };
  return { SendStatusSet: [status] };
}

function pullSendStatus(state: StubState) {
  const set = [...state.reports].map(([messageId, report]) => {
    const sms = state.accepted.find((candidate) => candidate.messageId === messageId);
    return {
      UserReceiveTime: Math.floor(Date.now() / 1000),
      CountryCode: '86',
      SubscriberNumber: sms?.phone.slice(3) ?? '',
      PhoneNumber: sms?.phone ?? '',
      SerialNo: sms?.providerMessageId ?? '',
      ReportStatus: report.delivered ? 'SUCCESS' : 'FAIL',
      Description: report.delivered ? '用户短信送达成功' : report.code,
      SessionContext: messageId,
    };
  });
  state.reports.clear();
  return { PullSmsSendStatusSet: set };
}

/** Template id → how many variables it has: what the county registered. */
export function startTencentStub(templates: Map<string, number>) {
  return startProviderStub((request, body, state) => {
    const RequestId = randomUUID();
    const problem = signatureProblem(request, body);
    if (problem) {
      state.badSignatures += 1;
      return {
        status: 200,
        json: { Response: { Error: { Code: problem, Message: 'signature' }, RequestId } },
      };
    }
    const action = request.headers['x-tc-action'];
    const answer =
      action === 'SendSms'
        ? sendSms(JSON.parse(body) as SendSmsBody, state, templates)
        : action === 'PullSmsSendStatus'
          ? pullSendStatus(state)
          : { Error: { Code: 'InvalidAction', Message: String(action) } };
    return { status: 200, json: { Response: { ...answer, RequestId } } };
  });
}

/**
 * An agent that dials the stub on loopback whatever host the URL names, so that the SDK signs
 * the real host (sms.tencentcloudapi.com) and still nothing leaves this machine.
 */
export function loopbackAgent(port: number): Agent {
  const agent = new Agent({ keepAlive: false });
  (agent as unknown as { createConnection: () => unknown }).createConnection = () =>
    connect({ host: '127.0.0.1', port });
  return agent;
}
