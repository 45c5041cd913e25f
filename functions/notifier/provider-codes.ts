/**
 * What a domestic provider's answer code means for the message: sent, worth another try
 * later, or refused for good. Retrying a refusal only repeats it (and is billed on some
 * accounts), so a refused message is finished as undeliverable with the carrier's code, for the
 * treasurer and the county to see in the outbox. A code we do not know is retried: the
 * dead-letter alarm then tells someone, and nothing is lost.
 */
import { PermanentSendError, RetryableSendError } from './sms-sender.ts';

/** Aliyun SendSms `Code`s that no retry can fix (the template, signature, number or text). */
const aliyunRefusals = new Set([
  'isv.SMS_TEMPLATE_ILLEGAL',
  'isv.SMS_SIGNATURE_ILLEGAL',
  'isv.SMS_SIGN_ILLEGAL',
  'isv.TEMPLATE_MISSING_PARAMETERS',
  'isv.TEMPLATE_PARAMS_ILLEGAL',
  'isv.PARAM_LENGTH_LIMIT',
  'isv.INVALID_PARAMETERS',
  'isv.MOBILE_NUMBER_ILLEGAL',
  'isv.MOBILE_COUNT_OVER_LIMIT',
  'isv.BLACK_KEY_CONTROL_LIMIT',
  'isv.SMS_CONTENT_ILLEGAL',
]);

/** Tencent SendStatus / Error `Code`s that no retry can fix. */
const tencentRefusals = new Set([
  'FailedOperation.TemplateIncorrectOrUnapproved',
  'FailedOperation.SignatureIncorrectOrUnapproved',
  'FailedOperation.PhoneNumberInBlacklist',
  'FailedOperation.ContainSensitiveWord',
  'FailedOperation.MissingTemplateToModify',
  'InvalidParameterValue.IncorrectPhoneNumber',
  'InvalidParameterValue.TemplateParameterFormatError',
  'InvalidParameterValue.TemplateParameterLengthLimit',
  'InvalidParameterValue.ProhibitedUseUrlInTemplateParameter',
  'UnsupportedOperation.ContainDomesticAndInternationalPhoneNumber',
]);

const refusals = { aliyun: aliyunRefusals, tencent: tencentRefusals };
export type DomesticProvider = keyof typeof refusals;

export function isRefusal(provider: DomesticProvider, code: string): boolean {
  return refusals[provider].has(code);
}

/** The error for a send the provider did not accept. */
export function sendFailure(
  provider: DomesticProvider,
  code: string,
  detail: string,
  messageId: string,
): Error {
  const message = `${provider} ${code}: ${detail} (${messageId})`;
  return isRefusal(provider, code)
    ? new PermanentSendError(message)
    : new RetryableSendError(message, code);
}
