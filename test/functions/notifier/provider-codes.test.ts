import { describe, expect, it } from 'vitest';
import { registeredTemplateIds } from '#domain/messages/registered-templates.ts';
import { cloudSender } from '../../../functions/notifier/cloud-sender.ts';
import {
  domesticSmsSettingsFromEnv,
  templateCodeOf,
} from '../../../functions/notifier/domestic-sms.ts';
import { isRefusal, sendFailure } from '../../../functions/notifier/provider-codes.ts';
import { PermanentSendError, RetryableSendError } from '../../../functions/notifier/sms-sender.ts';

const codes = JSON.stringify(
  Object.fromEntries(registeredTemplateIds.map((id) => [id, `T-${id}`])),
);

describe('what a domestic provider’s code means for the message', () => {
  it('retries throttling, faults and unknown codes; finishes refusals for good', () => {
    for (const code of ['isv.BUSINESS_LIMIT_CONTROL', 'isp.SYSTEM_ERROR', 'Throttling.User']) {
      expect(sendFailure('aliyun', code, '', 'm1'), code).toBeInstanceOf(RetryableSendError);
    }
    for (const code of ['isv.SMS_TEMPLATE_ILLEGAL', 'isv.MOBILE_NUMBER_ILLEGAL']) {
      expect(sendFailure('aliyun', code, '', 'm1'), code).toBeInstanceOf(PermanentSendError);
    }
    expect(isRefusal('tencent', 'FailedOperation.TemplateIncorrectOrUnapproved')).toBe(true);
    expect(isRefusal('tencent', 'LimitExceeded.PhoneNumberDailyLimit')).toBe(false);
    expect(isRefusal('tencent', 'RequestLimitExceeded')).toBe(false);
    // The carrier's code stays in the message, for the outbox's reason.
    expect(
      sendFailure('tencent', 'InvalidParameterValue.IncorrectPhoneNumber', 'bad', 'm2').message,
    ).toBe('tencent InvalidParameterValue.IncorrectPhoneNumber: bad (m2)');
  });

  it('sends free text nowhere: a message without a registered template is refused before any call', () => {
    const settings = domesticSmsSettingsFromEnv({
      SMS_PROVIDER: 'aliyun',
      SMS_SIGN_NAME: '竹垟资金互助会联合会',
      SMS_TEMPLATE_CODES: codes,
    });
    expect(
      templateCodeOf(settings, {
        to: '13800000001',
        text: '…',
        messageId: 'm3',
        template: { template: 'overdue', params: [] },
      }),
    ).toBe('T-overdue');
    expect(() =>
      templateCodeOf(settings, { to: '13800000001', text: 'free text', messageId: 'm3' }),
    ).toThrow(PermanentSendError);
  });

  it('reads its settings from the environment and names what is missing', () => {
    expect(() => domesticSmsSettingsFromEnv({ SMS_PROVIDER: 'sns' })).toThrow(/aliyun or tencent/);
    expect(() =>
      domesticSmsSettingsFromEnv({
        SMS_PROVIDER: 'tencent',
        SMS_SIGN_NAME: 'x',
        SMS_TEMPLATE_CODES: '{"overdue":"1"}',
      }),
    ).toThrow(/disbursement/);
    // Without SMS_PROVIDER the cloud notifier sends through SNS, which takes no receipts call.
    expect(cloudSender({}).receipts).toBeUndefined();
    expect(
      cloudSender({ SMS_PROVIDER: 'tencent', SMS_SIGN_NAME: 'x', SMS_TEMPLATE_CODES: codes })
        .receipts,
    ).toBeTypeOf('function');
  });
});
