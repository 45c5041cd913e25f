/**
 * What a domestic SMS adapter is configured with: the county's registered signature and the
 * code the provider gave each registered template (docs/sms-templates.md), from the notifier's
 * environment; the credentials from Secrets Manager, never from the environment.
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import {
  registeredTemplateIds,
  type RegisteredTemplateId,
} from '#domain/messages/registered-templates.ts';
import type { DomesticProvider } from './provider-codes.ts';
import { PermanentSendError, type Sms } from './sms-sender.ts';

export interface DomesticSmsSettings {
  provider: DomesticProvider;
  /** The registered signature (签名), without 【】. */
  signName: string;
  templateCodes: Record<RegisteredTemplateId, string>;
  /** Tencent only: the SMS application (SmsSdkAppId). */
  appId?: string;
}

/** The secret's JSON: Aliyun's AccessKey pair, or Tencent's SecretId and SecretKey. */
export interface ProviderCredentials {
  accessKeyId: string;
  accessKeySecret: string;
}

/** The template code a message goes with; a message without a template cannot go at all. */
export function templateCodeOf(settings: DomesticSmsSettings, sms: Sms): string {
  const code = sms.template && settings.templateCodes[sms.template.template];
  if (!code) {
    throw new PermanentSendError(
      `no registered template for ${sms.template?.template ?? 'free text'} (${sms.messageId})`,
    );
  }
  return code;
}

/** Reads SMS_PROVIDER, SMS_SIGN_NAME, SMS_TEMPLATE_CODES (JSON) and SMS_APP_ID. */
export function domesticSmsSettingsFromEnv(env: NodeJS.ProcessEnv): DomesticSmsSettings {
  const provider = env.SMS_PROVIDER;
  if (provider !== 'aliyun' && provider !== 'tencent') {
    throw new Error(`SMS_PROVIDER must be aliyun or tencent, not ${provider}`);
  }
  const templateCodes = JSON.parse(env.SMS_TEMPLATE_CODES ?? '{}') as Record<string, string>;
  const missing = registeredTemplateIds.filter((id) => !templateCodes[id]);
  if (!env.SMS_SIGN_NAME || missing.length > 0) {
    throw new Error(`SMS settings incomplete: sign name, or template codes for ${missing}`);
  }
  return { provider, signName: env.SMS_SIGN_NAME, templateCodes, appId: env.SMS_APP_ID };
}

/** The provider credentials, read once per container from the secret the stack made. */
export async function loadProviderCredentials(secretId: string): Promise<ProviderCredentials> {
  const client = new SecretsManagerClient({});
  const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
  const secret = JSON.parse(SecretString ?? '{}') as Partial<ProviderCredentials>;
  if (!secret.accessKeyId || !secret.accessKeySecret) {
    throw new Error(`secret ${secretId} lacks accessKeyId or accessKeySecret`);
  }
  return { accessKeyId: secret.accessKeyId, accessKeySecret: secret.accessKeySecret };
}
