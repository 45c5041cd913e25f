import { describe, expect, it } from 'vitest';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { HuzhuStack } from '../../infra/huzhu-stack.ts';
import { linkBaseUrlContext } from '../../infra/messaging.ts';

// Skip esbuild bundling in tests: the template is what is under test.
const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
const template = Template.fromStack(new HuzhuStack(app, 'Messages'));

const functions = template.findResources('AWS::Lambda::Function');
const policies = Object.values(template.findResources('AWS::IAM::Policy'));

function logicalId(prefix: string): string {
  const id = Object.keys(functions).find((candidate) => candidate.startsWith(prefix));
  if (!id) throw new Error(`no function ${prefix}`);
  return id;
}

function statementsOf(functionPrefix: string) {
  const role = functions[logicalId(functionPrefix)]!.Properties.Role['Fn::GetAtt'][0] as string;
  return policies
    .filter((p) => p.Properties.Roles.some((r: { Ref: string }) => r.Ref === role))
    .flatMap((p) => p.Properties.PolicyDocument.Statement) as {
    Action: string | string[];
    Resource: unknown;
    Condition?: Record<string, Record<string, string[]>>;
  }[];
}

const writeActions = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'];
const writes = (statements: ReturnType<typeof statementsOf>) =>
  statements.filter((s) => [s.Action].flat().some((a) => writeActions.includes(a)));

describe('the messaging infrastructure', () => {
  it('feeds the notifier from the stream: new OUTBOX items and redrives only, partial failures, retries, a DLQ', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: logicalId('MessagingFnnotifier') },
      EventSourceArn: Match.anyValue(),
      StartingPosition: 'TRIM_HORIZON',
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 8,
      MaximumRecordAgeInSeconds: 86_400,
      DestinationConfig: {
        OnFailure: {
          Destination: { 'Fn::GetAtt': [Match.stringLikeRegexp('DeadLetters'), 'Arn'] },
        },
      },
      FilterCriteria: {
        Filters: [
          {
            Pattern: JSON.stringify({
              eventName: ['INSERT'],
              dynamodb: { Keys: { PK: { S: [{ prefix: 'OUTBOX#' }] } } },
            }),
          },
          {
            Pattern: JSON.stringify({
              eventName: ['MODIFY'],
              dynamodb: {
                Keys: { PK: { S: [{ prefix: 'OUTBOX#' }] } },
                NewImage: {
                  status: { S: ['pending'] },
                  redriveRequestedAt: { S: [{ exists: true }] },
                },
              },
            }),
          },
        ],
      },
    });
  });

  it('alarms when anything reaches the dead-letter queue', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Namespace: 'AWS/SQS',
      Threshold: 1,
      AlarmActions: [{ Ref: Match.stringLikeRegexp('Alarms') }],
    });
    template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true });
  });

  it('runs the daily reminders at 08:00 Asia/Shanghai (00:00 UTC), with retries and the DLQ', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'cron(0 0 * * ? *)',
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [logicalId('MessagingFnduereminders'), 'Arn'] },
          RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 21_600 },
          DeadLetterConfig: { Arn: Match.anyValue() },
        }),
      ],
    });
  });

  it('lets the farmer page write only its rate-limit counters', () => {
    const statements = writes(statementsOf('Fnfarmerpage'));
    expect(statements).toHaveLength(1);
    expect(statements[0]!.Action).toEqual('dynamodb:UpdateItem');
    expect(statements[0]!.Condition).toEqual({
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['RATE#*'] },
    });
  });

  it('lets the notifier write only messages and links, and publish SMS', () => {
    const statements = statementsOf('MessagingFnnotifier');
    const tableWrites = writes(statements);
    expect(tableWrites).toHaveLength(1);
    expect(tableWrites[0]!.Condition).toEqual({
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['OUTBOX#*', 'LINK#*', 'LOANLINKS#*'] },
    });
    expect(statements.some((s) => s.Action === 'sns:Publish')).toBe(true);
    expect(writes(statementsOf('MessagingFnduereminders'))[0]!.Condition).toEqual({
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['OUTBOX#*'] },
    });
    expect(statementsOf('MessagingFnduereminders').some((s) => s.Action === 'sns:Publish')).toBe(
      false,
    );
  });

  it("gives the notifier the links' base: the API endpoint, or a short domain from the context", () => {
    const environment = functions[logicalId('MessagingFnnotifier')]!.Properties.Environment;
    expect(JSON.stringify(environment.Variables.LINK_BASE_URL)).toContain('Api');
    const short = new App({
      context: { 'aws:cdk:bundling-stacks': [], [linkBaseUrlContext]: 'https://hz.example.cn' },
    });
    const shortTemplate = Template.fromStack(new HuzhuStack(short, 'ShortLinks'));
    shortTemplate.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ LINK_BASE_URL: 'https://hz.example.cn' }) },
    });
  });
});
