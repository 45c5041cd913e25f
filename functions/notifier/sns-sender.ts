/**
 * SMS through Amazon SNS (Publish to a phone number, transactional). SNS takes no idempotency
 * key for SMS, so the message id travels only in the logs. Each call is bounded (5 s, two
 * tries inside the SDK) so that a send always ends well within the notifier's lease.
 */
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { PermanentSendError, type Sms, type SmsSender } from './sms-sender.ts';

const permanentErrors = new Set(['InvalidParameterException', 'InvalidParameterValueException']);

export function snsSender(
  client: SNSClient = new SNSClient({ maxAttempts: 2, requestHandler: { requestTimeout: 5000 } }),
): SmsSender {
  return {
    async send(sms: Sms) {
      try {
        const result = await client.send(
          new PublishCommand({
            PhoneNumber: `+86${sms.to}`,
            Message: sms.text,
            MessageAttributes: {
              'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
            },
          }),
        );
        return { providerMessageId: result.MessageId };
      } catch (error) {
        const name = (error as Error).name;
        if (permanentErrors.has(name)) throw new PermanentSendError(`${name}: ${sms.messageId}`);
        throw error;
      }
    },
  };
}
