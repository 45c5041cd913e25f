import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { PermanentSendError } from '../../../functions/notifier/sms-sender.ts';
import { snsSender } from '../../../functions/notifier/sns-sender.ts';

describe('the SNS adapter', () => {
  const client = new SNSClient({ region: 'cn-north-1' });
  const sns = mockClient(client);
  const sms = { to: '13800000001', text: '【竹垟村资金互助会】雷*山：…', messageId: 'msg-1' };

  it('publishes a transactional SMS to the +86 number and returns the provider id', async () => {
    sns.reset();
    sns.on(PublishCommand).resolves({ MessageId: 'sns-123' });
    expect(await snsSender(client).send(sms)).toEqual({ providerMessageId: 'sns-123' });
    expect(sns.commandCalls(PublishCommand)[0]!.args[0].input).toEqual({
      PhoneNumber: '+8613800000001',
      Message: sms.text,
      MessageAttributes: {
        'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
      },
    });
  });

  it('a refused number is permanent; anything else is for a retry', async () => {
    sns.reset();
    sns
      .on(PublishCommand)
      .rejects(Object.assign(new Error('bad'), { name: 'InvalidParameterException' }));
    await expect(snsSender(client).send(sms)).rejects.toBeInstanceOf(PermanentSendError);
    sns.reset();
    sns
      .on(PublishCommand)
      .rejects(Object.assign(new Error('slow'), { name: 'ThrottledException' }));
    await expect(snsSender(client).send(sms)).rejects.toMatchObject({ name: 'ThrottledException' });
  });
});
