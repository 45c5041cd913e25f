/**
 * SMS through 阿里云短信 (Dysmsapi 2017-05-25) with Alibaba Cloud's own SDK, signed with the
 * RPC signature (HMAC-SHA1 over the sorted, percent-encoded parameters). A message goes as the
 * county's registered signature and template code plus the template's parameters; the outbox
 * message id travels as OutId, so that every receipt names it. Receipts come from
 * QuerySendDetails (one call per message, by number, day and BizId).
 */
import DysmsapiModule, {
  QuerySendDetailsRequest,
  SendSmsRequest,
} from '@alicloud/dysmsapi20170525';
import { $OpenApiUtil } from '@alicloud/openapi-core';
import { sendFailure } from './provider-codes.ts';
import type { DomesticSmsSettings, ProviderCredentials } from './domestic-sms.ts';
import { templateCodeOf } from './domestic-sms.ts';
import type { SentSms, Sms, SmsReceipt, SmsSender } from './sms-sender.ts';

// The package is CommonJS compiled from TypeScript: Node's default import is its exports
// object (whose `default` is the client class); bundlers and vitest honour __esModule and give
// the class itself.
type DysmsapiClass = typeof DysmsapiModule.default;
const Dysmsapi: DysmsapiClass =
  typeof DysmsapiModule === 'function'
    ? (DysmsapiModule as unknown as DysmsapiClass)
    : DysmsapiModule.default;

export interface AliyunEndpoint {
  /** dysmsapi.aliyuncs.com unless a test points it at a local stub. */
  endpoint?: string;
  protocol?: 'https' | 'http';
}

/** SendStatus of QuerySendDetails: 1 waiting for the carrier, 2 failed, 3 delivered. */
const waitingForCarrier = 1;
const deliveredStatus = 3;

/** The day Aliyun files a message under: yyyyMMdd in Beijing time. */
function sendDateOf(sentAt: string): string {
  const beijing = new Date(new Date(sentAt).getTime() + 8 * 3_600_000);
  return beijing.toISOString().slice(0, 10).replaceAll('-', '');
}

export function aliyunSender(
  settings: DomesticSmsSettings,
  credentials: ProviderCredentials,
  where: AliyunEndpoint = {},
): SmsSender {
  const client = new Dysmsapi(
    new $OpenApiUtil.Config({
      accessKeyId: credentials.accessKeyId,
      accessKeySecret: credentials.accessKeySecret,
      endpoint: where.endpoint ?? 'dysmsapi.aliyuncs.com',
      protocol: where.protocol ?? 'https',
      // 'v2' selects the RPC signature (SignatureMethod HMAC-SHA1, SignatureVersion 1.0).
      signatureAlgorithm: 'v2',
      // Bounded, so that a send ends well within the notifier's 30-second lease.
      connectTimeout: 2_000,
      readTimeout: 5_000,
    }),
  );
  return {
    async send(sms: Sms) {
      const templateCode = templateCodeOf(settings, sms);
      let body;
      try {
        ({ body } = await client.sendSms(
          new SendSmsRequest({
            phoneNumbers: sms.to,
            signName: settings.signName,
            templateCode,
            templateParam: JSON.stringify(Object.fromEntries(sms.template!.params)),
            outId: sms.messageId,
          }),
        ));
      } catch (error) {
        // HTTP 4xx/5xx (Throttling.User, a signature the gateway refused, a server fault).
        const code = (error as { code?: string }).code ?? 'NetworkError';
        throw sendFailure('aliyun', code, (error as Error).message, sms.messageId);
      }
      if (body?.code !== 'OK') {
        throw sendFailure('aliyun', body?.code ?? 'Unknown', body?.message ?? '', sms.messageId);
      }
      return { providerMessageId: body.bizId };
    },

    async receipts(sent: SentSms[]) {
      const receipts: SmsReceipt[] = [];
      for (const message of sent) {
        const { body } = await client.querySendDetails(
          new QuerySendDetailsRequest({
            phoneNumber: message.to,
            sendDate: sendDateOf(message.sentAt),
            bizId: message.providerMessageId,
            pageSize: 10,
            currentPage: 1,
          }),
        );
        const detail = body?.smsSendDetailDTOs?.smsSendDetailDTO?.[0];
        if (!detail || detail.sendStatus === waitingForCarrier) continue;
        receipts.push({
          messageId: detail.outId || message.messageId,
          delivered: detail.sendStatus === deliveredStatus,
          code: detail.errCode ?? String(detail.sendStatus),
          at: detail.receiveDate ?? detail.sendDate ?? message.sentAt,
        });
      }
      return receipts;
    },
  };
}
