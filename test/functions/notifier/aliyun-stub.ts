/**
 * A local stand-in for 阿里云短信's HTTP API (Dysmsapi 2017-05-25, RPC style), written from
 * Alibaba Cloud's description of the RPC signature, independently of the SDK: every request
 * must carry AccessKeyId, SignatureMethod HMAC-SHA1, SignatureVersion 1.0, a fresh
 * SignatureNonce, a Timestamp within 15 minutes, and a Signature equal to
 * Base64(HMAC-SHA1(secret + "&", METHOD + "&%2F&" + encode(sorted, encoded parameters))).
 * SendSms answers OK, isv.BUSINESS_LIMIT_CONTROL (throttled) or isv.SMS_TEMPLATE_ILLEGAL;
 * QuerySendDetails reports what the test said the carrier did.
 */
import { createHmac, randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { answerSend, startProviderStub, type StubState } from './provider-stub.ts';

export const aliyunKey = { accessKeyId: 'LTAI-test-key', accessKeySecret: 'test-secret-aliyun' };

/** RFC 3986 percent-encoding, as the RPC signature requires. */
const encode = (value: string) =>
  encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );

export function rpcSignature(method: string, params: Record<string, string>, secret: string) {
  const canonical = Object.keys(params)
    .sort()
    .map((key) => `${encode(key)}=${encode(params[key]!)}`)
    .join('&');
  const stringToSign = `${method}&${encode('/')}&${encode(canonical)}`;
  return createHmac('sha1', `${secret}&`).update(stringToSign).digest('base64');
}

const nonces = new Set<string>();

function signatureProblem(method: string, params: Record<string, string>): string | undefined {
  const { Signature, ...signed } = params;
  if (signed.AccessKeyId !== aliyunKey.accessKeyId) return 'InvalidAccessKeyId.NotFound';
  if (signed.SignatureMethod !== 'HMAC-SHA1' || signed.SignatureVersion !== '1.0') {
    return 'IncompleteSignature';
  }
  const age = Math.abs(Date.now() - Date.parse(signed.Timestamp ?? ''));
  if (!(age < 15 * 60_000)) return 'InvalidTimeStamp.Expired';
  if (!signed.SignatureNonce || nonces.has(signed.SignatureNonce)) return 'SignatureNonceUsed';
  if (Signature !== rpcSignature(method, signed, aliyunKey.accessKeySecret)) {
    return 'SignatureDoesNotMatch';
  }
  nonces.add(signed.SignatureNonce);
  return undefined;
}

function sendSms(params: Record<string, string>, state: StubState, templates: Registered) {
  const values = JSON.parse(params.TemplateParam ?? '{}') as Record<string, string>;
  const names = templates.get(params.TemplateCode ?? '');
  const matches = names && names.join() === Object.keys(values).join();
  const answer = matches
    ? answerSend(state, {
        providerMessageId: `${Date.now()}^${randomUUID().slice(0, 8)}`,
        messageId: params.OutId ?? '',
        phone: params.PhoneNumbers ?? '',
        signName: params.SignName ?? '',
        template: params.TemplateCode ?? '',
        params: Object.values(values),
      })
    : 'template-rejected';
  if (answer === 'throttled')
    return { Code: 'isv.BUSINESS_LIMIT_CONTROL', Message: '触发分钟级流控Permits:1' };
  if (answer === 'template-rejected')
    return { Code: 'isv.SMS_TEMPLATE_ILLEGAL', Message: '该账号下找不到对应模板' };
  return { Code: 'OK', Message: 'OK', BizId: state.accepted.at(-1)!.providerMessageId };
}

function querySendDetails(params: Record<string, string>, state: StubState) {
  const sms = state.accepted.find((candidate) => candidate.providerMessageId === params.BizId);
  const report = sms && state.reports.get(sms.messageId);
  const details = sms
    ? [
        {
          PhoneNum: sms.phone,
          SendStatus: report ? (report.delivered ? 3 : 2) : 1,
          ErrCode: report?.code ?? '',
          OutId: sms.messageId,
          TemplateCode: sms.template,
          SendDate: sms.acceptedAt.toISOString(),
          ReceiveDate: report ? new Date().toISOString() : '',
        },
      ]
    : [];
  return {
    Code: 'OK',
    TotalCount: String(details.length),
    SmsSendDetailDTOs: { SmsSendDetailDTO: details },
  };
}

/** Template code → its variables' names, in order: what the county registered. */
type Registered = Map<string, string[]>;

export function startAliyunStub(templates: Registered) {
  return startProviderStub((request: IncomingMessage, body: string, state) => {
    const url = new URL(request.url ?? '/', 'http://stub');
    const params = Object.fromEntries([
      ...url.searchParams.entries(),
      ...new URLSearchParams(body).entries(),
    ]);
    const problem = signatureProblem(request.method ?? 'GET', params);
    const RequestId = randomUUID();
    if (problem) {
      state.badSignatures += 1;
      return {
        status: 400,
        json: { Code: problem, Message: 'Specified signature is not matched', RequestId },
      };
    }
    if (params.Action === 'SendSms')
      return { status: 200, json: { ...sendSms(params, state, templates), RequestId } };
    if (params.Action === 'QuerySendDetails') {
      return { status: 200, json: { ...querySendDetails(params, state), RequestId } };
    }
    return { status: 404, json: { Code: 'InvalidAction.NotFound', RequestId } };
  });
}
