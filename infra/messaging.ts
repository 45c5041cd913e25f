/**
 * The SMS machinery in the cloud (shared/DESIGN.md, Messages):
 * - the notifier Lambda, fed by the table's stream: only INSERTs of OUTBOX# items and redrive
 *   requests pass the event filter; partial batch failures, bisection, 8 retries within a day,
 *   then the record goes to a dead-letter queue whose depth raises an alarm;
 * - the daily reminders Lambda, on an EventBridge schedule at 08:00 Asia/Shanghai: it queries
 *   the sparse due-date index (GSI2) and writes reminder and overdue messages;
 * - least privilege: both read the table; they write only OUTBOX# and LINK# items (IAM
 *   dynamodb:LeadingKeys); the notifier may publish SMS through SNS.
 * Also the farmer page's one write: its per-client rate-limit counter (RATE# items).
 */
import path from 'node:path';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import type { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import {
  Architecture,
  FilterCriteria,
  FilterRule,
  LoggingFormat,
  Runtime,
  StartingPosition,
  type IFunction,
} from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { NodejsFunction, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { rateLimitKeyPrefix } from '../functions/store/rate-limit.ts';
import type { ChinaTarget } from './targets.ts';

/** The Lambdas that serve no route: the notifier and the daily reminders. */
export const backgroundFunctionNames = ['notifier', 'due-reminders'] as const;

/**
 * The links in the SMS should be short: every character counts against the 67 of an SMS part.
 * Deploy with a short custom domain in front of the API: `cdk deploy -c huzhu:linkBaseUrl=
 * https://hz.example.cn`; without it the links use the API's own (long) endpoint.
 */
export const linkBaseUrlContext = 'huzhu:linkBaseUrl';

export interface MessagingProps {
  table: Table;
  alarmAction: SnsAction;
  /** Where the farmer page is served, unless the context names a shorter address. */
  linkBaseUrl: string;
  root: string;
  bundling: BundlingOptions;
  /** China: a domestic provider (阿里云短信 or 腾讯云短信) instead of SNS. */
  sms?: ChinaTarget['sms'];
}

/** An alarm on any error of a Lambda, to the alarm topic. */
export function alarmOnErrors(
  scope: Construct,
  name: string,
  fn: IFunction,
  action: SnsAction,
): void {
  new Alarm(scope, `Errors-${name}`, {
    metric: fn.metricErrors({ period: Duration.minutes(5) }),
    threshold: 1,
    evaluationPeriods: 1,
    comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: TreatMissingData.NOT_BREACHING,
    alarmDescription: `Lambda ${name} threw an error`,
  }).addAlarmAction(action);
}

/** Lets a function write only items whose partition key starts with one of `prefixes`. */
function grantWritesUnder(
  table: Table,
  fn: IFunction,
  actions: string[],
  prefixes: readonly string[],
): void {
  fn.addToRolePolicy(
    new PolicyStatement({
      effect: Effect.ALLOW,
      actions: actions.map((action) => `dynamodb:${action}`),
      resources: [table.tableArn],
      conditions: {
        'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': prefixes.map((p) => `${p}*`) },
      },
    }),
  );
}

/** The farmer page reads, and counts lookups: UpdateItem on RATE# items only. */
export function grantRateLimitCounter(table: Table, fn: IFunction): void {
  grantWritesUnder(table, fn, ['UpdateItem'], [rateLimitKeyPrefix]);
}

export class Messaging extends Construct {
  readonly notifier: NodejsFunction;
  readonly dueReminders: NodejsFunction;
  readonly deadLetters: Queue;
  /** China: the provider's AccessKey (or SecretId/SecretKey), filled in by the county. */
  smsCredentials?: Secret;

  constructor(scope: Construct, id: string, props: MessagingProps) {
    super(scope, id);
    const { table, root } = props;
    const linkBaseUrl =
      (this.node.tryGetContext(linkBaseUrlContext) as string) ?? props.linkBaseUrl;

    const smsEnvironment = props.sms ? this.domesticSms(props.sms) : {};
    const fn = (name: string, entry: string, timeout: Duration) =>
      new NodejsFunction(this, `Fn-${name}`, {
        entry: path.join(root, 'functions', 'notifier', entry),
        handler: 'handler',
        runtime: Runtime.NODEJS_22_X,
        architecture: Architecture.ARM_64,
        memorySize: 512,
        timeout,
        projectRoot: root,
        depsLockFilePath: path.join(root, 'package-lock.json'),
        bundling: props.bundling,
        loggingFormat: LoggingFormat.JSON,
        logGroup: new LogGroup(this, `Logs-${name}`, {
          retention: RetentionDays.THREE_MONTHS,
          removalPolicy: RemovalPolicy.DESTROY,
        }),
        environment: {
          TABLE_NAME: table.tableName,
          LINK_BASE_URL: linkBaseUrl,
          ...smsEnvironment,
          NODE_OPTIONS: '--enable-source-maps',
          POWERTOOLS_SERVICE_NAME: 'huzhu',
          POWERTOOLS_LOG_LEVEL: 'INFO',
        },
      });

    // A batch of 5, each message at most ~3 attempts of ≤ 10 s plus a lease wait of ≤ 30 s.
    this.notifier = fn('notifier', 'stream-handler.ts', Duration.minutes(2));
    this.dueReminders = fn('due-reminders', 'due-reminders-handler.ts', Duration.minutes(5));

    this.deadLetters = new Queue(this, 'DeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });

    this.notifier.addEventSource(
      new DynamoEventSource(table, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: 5,
        bisectBatchOnError: true,
        reportBatchItemFailures: true,
        retryAttempts: 8,
        maxRecordAge: Duration.hours(24),
        onFailure: new SqsDlq(this.deadLetters),
        filters: [
          FilterCriteria.filter({
            eventName: FilterRule.isEqual('INSERT'),
            dynamodb: { Keys: { PK: { S: FilterRule.beginsWith('OUTBOX#') } } },
          }),
          FilterCriteria.filter({
            eventName: FilterRule.isEqual('MODIFY'),
            dynamodb: {
              Keys: { PK: { S: FilterRule.beginsWith('OUTBOX#') } },
              NewImage: {
                status: { S: FilterRule.isEqual('pending') },
                redriveRequestedAt: { S: FilterRule.exists() },
              },
            },
          }),
        ],
      }),
    );

    for (const worker of [this.notifier, this.dueReminders]) {
      table.grantReadData(worker);
    }
    // The notifier claims, marks and finishes messages, and issues the link of each one.
    grantWritesUnder(
      table,
      this.notifier,
      ['UpdateItem', 'PutItem', 'ConditionCheckItem'],
      ['OUTBOX#', 'LINK#', 'LOANLINKS#'],
    );
    // The daily job writes reminders and asks for redrives.
    grantWritesUnder(table, this.dueReminders, ['PutItem', 'UpdateItem'], ['OUTBOX#']);
    if (this.smsCredentials) {
      this.smsCredentials.grantRead(this.notifier);
      this.collectReceipts(
        fn('sms-receipts', 'receipts-handler.ts', Duration.minutes(2)),
        table,
        props.alarmAction,
      );
    } else {
      // SMS to a phone number has no resource ARN: Publish must name '*'.
      this.notifier.addToRolePolicy(
        new PolicyStatement({ effect: Effect.ALLOW, actions: ['sns:Publish'], resources: ['*'] }),
      );
    }

    new Rule(this, 'DailyReminders', {
      description: 'Due reminders and overdue notices, 08:00 Asia/Shanghai',
      schedule: Schedule.cron({ minute: '0', hour: '0' }),
      targets: [
        new LambdaFunction(this.dueReminders, {
          retryAttempts: 3,
          maxEventAge: Duration.hours(6),
          deadLetterQueue: this.deadLetters,
        }),
      ],
    });

    alarmOnErrors(this, 'notifier', this.notifier, props.alarmAction);
    alarmOnErrors(this, 'due-reminders', this.dueReminders, props.alarmAction);
    new Alarm(this, 'DeadLetterDepth', {
      metric: this.deadLetters.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
      }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
      alarmDescription:
        'An SMS could not be sent after every retry (or the daily reminders failed): the message is still pending in the table',
    }).addAlarmAction(props.alarmAction);

    NagSuppressions.addResourceSuppressions(
      this.deadLetters,
      [
        {
          id: 'AwsSolutions-SQS3',
          reason:
            'This queue IS the dead-letter queue of the notifier and the daily schedule; a dead-letter queue of its own would only move the alarm.',
        },
      ],
      true,
    );
    NagSuppressions.addResourceSuppressions(
      this.notifier,
      [
        {
          id: 'AwsSolutions-IAM5',
          reason:
            "sns:Publish to a phone number has no resource ARN, so the statement must name '*' (global target only); the other wildcards are the table's index and stream ARNs granted by Table.grant* and the event source.",
          appliesTo: ['Resource::*'],
        },
      ],
      true,
    );
  }
  /**
   * China: the provider and its registered signature and template codes as the notifier's
   * environment; the credentials in a secret the county fills in after the first deployment.
   */
  private domesticSms(sms: ChinaTarget['sms']): Record<string, string> {
    this.smsCredentials = new Secret(this, 'SmsCredentials', {
      description: `Huzhu SMS: ${sms.provider} credentials as {"accessKeyId","accessKeySecret"}`,
    });
    NagSuppressions.addResourceSuppressions(this.smsCredentials, [
      {
        id: 'AwsSolutions-SMG4',
        reason:
          "The SMS provider's AccessKey is issued in the provider's console (Aliyun RAM, Tencent CAM), not by AWS: a rotation Lambda cannot create one. The county rotates it there and updates the secret.",
      },
    ]);
    return {
      SMS_PROVIDER: sms.provider,
      SMS_SIGN_NAME: sms.signName,
      SMS_TEMPLATE_CODES: JSON.stringify(sms.templateCodes),
      ...(sms.appId ? { SMS_APP_ID: sms.appId } : {}),
      SMS_CREDENTIALS_SECRET: this.smsCredentials.secretArn,
    };
  }

  /** China: every 15 minutes the carriers' receipts (回执) are written onto sent messages. */
  private collectReceipts(receipts: NodejsFunction, table: Table, alarmAction: SnsAction): void {
    table.grantReadData(receipts);
    grantWritesUnder(table, receipts, ['UpdateItem'], ['OUTBOX#']);
    this.smsCredentials!.grantRead(receipts);
    new Rule(this, 'SmsReceipts', {
      description: 'SMS delivery receipts from the provider, every 15 minutes',
      schedule: Schedule.rate(Duration.minutes(15)),
      targets: [new LambdaFunction(receipts, { retryAttempts: 2 })],
    });
    alarmOnErrors(this, 'sms-receipts', receipts, alarmAction);
  }
}
