/**
 * The SMS sender a cloud notifier uses, chosen by its environment: SNS in the global target
 * (no SMS_PROVIDER), 阿里云短信 or 腾讯云短信 in China (SMS_PROVIDER=aliyun|tencent, the
 * signature and template codes in SMS_*, the credentials in the Secrets Manager secret
 * SMS_CREDENTIALS_SECRET, read on first use and kept for the container's life).
 */
import { aliyunSender } from './aliyun-sender.ts';
import { domesticSmsSettingsFromEnv, loadProviderCredentials } from './domestic-sms.ts';
import type { SmsSender } from './sms-sender.ts';
import { snsSender } from './sns-sender.ts';
import { tencentSender } from './tencent-sender.ts';

export function cloudSender(env: NodeJS.ProcessEnv = process.env): SmsSender {
  if (!env.SMS_PROVIDER || env.SMS_PROVIDER === 'sns') return snsSender();
  const settings = domesticSmsSettingsFromEnv(env);
  const secretId = env.SMS_CREDENTIALS_SECRET ?? '';
  let adapter: Promise<SmsSender> | undefined;
  const ready = () =>
    (adapter ??= loadProviderCredentials(secretId)
      .then((credentials) =>
        settings.provider === 'aliyun'
          ? aliyunSender(settings, credentials)
          : tencentSender(settings, credentials),
      )
      .catch((error: unknown) => {
        // A secret not filled in yet: the next message tries again.
        adapter = undefined;
        throw error;
      }));
  return {
    send: async (sms) => (await ready()).send(sms),
    receipts: async (sent) => (await (await ready()).receipts?.(sent)) ?? [],
  };
}
