/**
 * SMS through 腾讯云短信 (SMS API 2021-01-11) with Tencent Cloud's own SDK, signed with
 * TC3-HMAC-SHA256. A message goes as the registered signature, the SMS application and the
 * template id, with the template's parameters in its order (TemplateParamSet is positional);
 * the outbox message id travels as SessionContext, which each status report gives back.
 * Receipts come from PullSmsSendStatus, a batch of the reports not pulled before.
 */
import type { Agent } from 'node:http';
import { sms as tencentSms } from 'tencentcloud-sdk-nodejs-sms';
import type { DomesticSmsSettings, ProviderCredentials } from './domestic-sms.ts';
import { templateCodeOf } from './domestic-sms.ts';
import { sendFailure } from './provider-codes.ts';
import type { Sms, SmsReceipt, SmsSender } from './sms-sender.ts';

export interface TencentEndpoint {
  /** sms.tencentcloudapi.com, also the name the signature covers. */
  endpoint?: string;
  protocol?: 'https://' | 'http://';
  /** Where the connection goes: a test hands an agent that dials a local stub. */
  agent?: Agent;
  region?: string;
}

const { Client } = tencentSms.v20210111;

export function tencentSender(
  settings: DomesticSmsSettings,
  credentials: ProviderCredentials,
  where: TencentEndpoint = {},
): SmsSender {
  const client = new Client({
    credential: { secretId: credentials.accessKeyId, secretKey: credentials.accessKeySecret },
    region: where.region ?? 'ap-guangzhou',
    profile: {
      signMethod: 'TC3-HMAC-SHA256',
      httpProfile: {
        endpoint: where.endpoint ?? 'sms.tencentcloudapi.com',
        protocol: where.protocol ?? 'https://',
        // Seconds: a send ends well within the notifier's 30-second lease.
        reqTimeout: 5,
        ...(where.agent ? { agent: where.agent } : {}),
      },
    },
  });
  const appId = settings.appId ?? '';
  return {
    async send(sms: Sms) {
      const templateId = templateCodeOf(settings, sms);
      let status;
      try {
        const answer = await client.SendSms({
          SmsSdkAppId: appId,
          SignName: settings.signName,
          TemplateId: templateId,
          TemplateParamSet: sms.template!.params.map(([, value]) => value),
          PhoneNumberSet: [`+86${sms.to}`],
          SessionContext: sms.messageId,
        });
        status = answer.SendStatusSet?.[0];
      } catch (error) {
        // A request-level error (RequestLimitExceeded, AuthFailure.*, InternalError, network).
        const code = (error as { code?: string }).code || 'NetworkError';
        throw sendFailure('tencent', code, (error as Error).message, sms.messageId);
      }
      if (status?.Code !== 'Ok') {
        throw sendFailure(
          'tencent',
          status?.Code ?? 'Unknown',
          status?.Message ?? '',
          sms.messageId,
        );
      }
      return { providerMessageId: status.SerialNo };
    },

    async receipts() {
      const answer = await client.PullSmsSendStatus({ SmsSdkAppId: appId, Limit: 100 });
      return (answer.PullSmsSendStatusSet ?? [])
        .filter((report) => report.SessionContext)
        .map((report): SmsReceipt => ({
          messageId: report.SessionContext!,
          delivered: report.ReportStatus === 'SUCCESS',
          code: report.ReportStatus === 'SUCCESS' ? 'DELIVRD' : (report.Description ?? 'FAIL'),
          at: new Date((report.UserReceiveTime ?? 0) * 1000).toISOString(),
        }));
    },
  };
}
