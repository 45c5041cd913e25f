/**
 * The cloud: one DynamoDB table, one Lambda per area, an HTTP API behind a Cognito JWT
 * authorizer, alarms. Routes, Lambdas and the table come from the same definitions that
 * local/ serves, so the two cannot drift.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import {
  DomainName,
  HttpApi,
  HttpMethod,
  HttpNoneAuthorizer,
  type CfnStage,
  type CorsPreflightOptions,
  type HttpApiProps,
  type IHttpRouteAuthorizer,
} from 'aws-cdk-lib/aws-apigatewayv2';
import {
  HttpJwtAuthorizer,
  HttpUserPoolAuthorizer,
} from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { AccountRecovery, CfnUserPoolGroup, Mfa, UserPool } from 'aws-cdk-lib/aws-cognito';
import { AttributeType, BillingMode, StreamViewType, Table } from 'aws-cdk-lib/aws-dynamodb';
import { Architecture, LoggingFormat, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { NagSuppressions } from 'cdk-nag';
import type { Construct } from 'constructs';
import { claimNameEnvironment, cognitoClaimNames, roles } from '../functions/http/identity.ts';
import { lambdaNames, type LambdaName } from '#api/route.ts';
import { routeTable } from '#api/routes.ts';
import { tableDefinition } from '../functions/store/table-definition.ts';
import { ChinaConsole } from './china-console.ts';
import { Console } from './console.ts';
import { alarmOnErrors, grantRateLimitCounter, Messaging } from './messaging.ts';
import { targetFromContext, type ChinaTarget, type Target } from './targets.ts';
import { clientReadAttributes, clientWriteAttributes, tenantAttributes } from './tenant-claims.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** What each Lambda may do with the table: least privilege, stated in one place. */
const tableAccess: Record<LambdaName, 'none' | 'read' | 'read-write'> = {
  platform: 'none',
  associations: 'read-write',
  members: 'read-write',
  loans: 'read-write',
  books: 'read-write',
  subsidy: 'read-write',
  federation: 'read-write',
  // Reads, and counts lookups per client (RATE# items only): see grantRateLimitCounter.
  'farmer-page': 'read',
  // Reads for the reports; writes one thing, the year-end distribution.
  reports: 'read-write',
  'tea-gardens': 'read-write',
};

/**
 * Memory (and with it CPU) and time per Lambda. Most answer one association's request in
 * milliseconds. The federation's reads every open loan of every association for the
 * dashboard: 100 associations × 1,000 loans is ~20 s of work on one core (bench/dashboard.ts),
 * so it gets 1,769 MB, the size that buys one full vCPU, and 29 s, just inside the HTTP API's
 * 30 s integration limit.
 */
interface Sizing {
  memorySize: number;
  timeoutSeconds: number;
}
const standardSizing: Sizing = { memorySize: 512, timeoutSeconds: 10 };
const largerSizing: Partial<Record<LambdaName, Sizing>> = {
  federation: { memorySize: 1769, timeoutSeconds: 29 },
};
export const sizingOf = (name: LambdaName): Sizing => largerSizing[name] ?? standardSizing;

/** esbuild options shared with bench/ so that the measured bundle is the deployed one. */
export const bundlingOptions = {
  minify: true,
  sourceMap: true,
  target: 'node22',
  format: OutputFormat.ESM,
  mainFields: ['module', 'main'],
  // ESM bundles still meet CommonJS dependencies that call require().
  banner: "import { createRequire } from 'module';const require = createRequire(import.meta.url);",
};

export interface HuzhuStackProps extends StackProps {
  /** Global or China; read from the context (-c target=…) when absent. */
  target?: Target;
}

/** How users sign in, and the console that signs them in. */
interface SignIn {
  authorizer: IHttpRouteAuthorizer;
  console: { cors: CorsPreflightOptions; url: string; deploy(apiUrl: string): void };
  /** The claim the access log names the caller by. */
  usernameClaim: string;
}

export class HuzhuStack extends Stack {
  constructor(scope: Construct, id: string, props?: HuzhuStackProps) {
    super(scope, id, props);
    const target = props?.target ?? targetFromContext(this.node);

    const table = new Table(this, 'Table', {
      partitionKey: { name: tableDefinition.partitionKey, type: AttributeType.STRING },
      sortKey: { name: tableDefinition.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      stream: StreamViewType[tableDefinition.stream],
      timeToLiveAttribute: tableDefinition.timeToLiveAttribute,
    });
    for (const index of tableDefinition.globalIndexes) {
      table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
      });
    }

    const alarmTopic = new Topic(this, 'Alarms', { enforceSSL: true });
    const alarmAction = new SnsAction(alarmTopic);

    const functions = {} as Record<LambdaName, NodejsFunction>;
    for (const name of lambdaNames) {
      const fn = new NodejsFunction(this, `Fn-${name}`, {
        entry: path.join(root, 'functions', name, 'handler.ts'),
        handler: 'handler',
        runtime: Runtime.NODEJS_22_X,
        architecture: Architecture.ARM_64,
        memorySize: sizingOf(name).memorySize,
        timeout: Duration.seconds(sizingOf(name).timeoutSeconds),
        projectRoot: root,
        depsLockFilePath: path.join(root, 'package-lock.json'),
        bundling: bundlingOptions,
        loggingFormat: LoggingFormat.JSON,
        logGroup: new LogGroup(this, `Logs-${name}`, {
          retention: RetentionDays.THREE_MONTHS,
          removalPolicy: RemovalPolicy.DESTROY,
        }),
        environment: {
          TABLE_NAME: table.tableName,
          NODE_OPTIONS: '--enable-source-maps',
          POWERTOOLS_SERVICE_NAME: 'huzhu',
          POWERTOOLS_LOG_LEVEL: 'INFO',
          // Which token claims name the user, roles and tenant (functions/http/identity.ts).
          ...(target.kind === 'china' ? claimNameEnvironment(target.oidc.claims) : {}),
        },
      });
      if (tableAccess[name] === 'read') table.grantReadData(fn);
      if (tableAccess[name] === 'read-write') table.grantReadWriteData(fn);
      alarmOnErrors(this, name, fn, alarmAction);
      functions[name] = fn;
    }

    const accessLogs = new LogGroup(this, 'ApiAccessLogs', {
      retention: RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // Who signs in, and the console: Cognito and CloudFront's own domain (global), or any OIDC
    // issuer and the county's ICP-licensed domains (China).
    const signIn = target.kind === 'china' ? this.oidcSignIn(target) : this.cognitoSignIn();
    const api = new HttpApi(this, 'Api', {
      description: 'Huzhu 互助 HTTP API',
      defaultAuthorizer: signIn.authorizer,
      corsPreflight: signIn.console.cors,
      ...(target.kind === 'china' ? this.licensedApiDomain(target) : {}),
    });
    const apiUrl = target.kind === 'china' ? `https://${target.api.domainName}` : api.apiEndpoint;
    signIn.console.deploy(apiUrl);
    const stage = api.defaultStage?.node.defaultChild as CfnStage;
    stage.accessLogSettings = {
      destinationArn: accessLogs.logGroupArn,
      format: JSON.stringify({
        requestId: '$context.requestId',
        ip: '$context.identity.sourceIp',
        routeKey: '$context.routeKey',
        status: '$context.status',
        latency: '$context.responseLatency',
        user: `$context.authorizer.claims.${signIn.usernameClaim}`,
      }),
    };
    stage.defaultRouteSettings = { throttlingBurstLimit: 200, throttlingRateLimit: 100 };

    const integrations = Object.fromEntries(
      lambdaNames.map((name) => [
        name,
        new HttpLambdaIntegration(`Integration-${name}`, functions[name]),
      ]),
    ) as Record<LambdaName, HttpLambdaIntegration>;
    for (const route of routeTable) {
      api.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration: integrations[route.lambda],
        ...(route.access === 'public' ? { authorizer: new HttpNoneAuthorizer() } : {}),
      });
    }

    grantRateLimitCounter(table, functions['farmer-page']);
    new Messaging(this, 'Messaging', {
      table,
      alarmAction,
      linkBaseUrl: apiUrl,
      root,
      ...(target.kind === 'china' ? { sms: target.sms } : {}),
      bundling: bundlingOptions,
    });

    new Alarm(this, 'Api5xx', {
      metric: api.metricServerError({ period: Duration.minutes(5) }),
      threshold: 5,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
      alarmDescription: 'The HTTP API answered 5xx',
    }).addAlarmAction(alarmAction);

    new CfnOutput(this, 'ApiUrl', { value: apiUrl });
    new CfnOutput(this, 'ConsoleUrl', { value: signIn.console.url });
    new CfnOutput(this, 'TableName', { value: table.tableName });
    new CfnOutput(this, 'AlarmTopicArn', { value: alarmTopic.topicArn });

    this.acknowledgeNagFindings();
  }

  /** Global: a Cognito user pool (groups, tenant attributes only an admin sets) and its clients. */
  private cognitoSignIn(): SignIn {
    const userPool = new UserPool(this, 'Users', {
      selfSignUpEnabled: false,
      signInAliases: { username: true, phone: true },
      // Mutable so that an administrator can move a user; no client may write them.
      customAttributes: tenantAttributes,
      passwordPolicy: {
        minLength: 12,
        requireDigits: true,
        requireLowercase: true,
        requireUppercase: true,
        requireSymbols: true,
      },
      mfa: Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.PHONE_WITHOUT_MFA_AND_EMAIL,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const role of roles) {
      new CfnUserPoolGroup(this, `Group-${role}`, {
        userPoolId: userPool.userPoolId,
        groupName: role,
      });
    }
    const client = userPool.addClient('ConsoleClient', {
      authFlows: { userSrp: true },
      preventUserExistenceErrors: true,
      idTokenValidity: Duration.hours(8),
      readAttributes: clientReadAttributes(),
      writeAttributes: clientWriteAttributes(),
    });

    // The treasurers' and supervisors' console: CloudFront, S3, its hosted sign-in client.
    const webConsole = new Console(this, 'Console', { userPool });
    new CfnOutput(this, 'UserPoolId', { value: userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: client.userPoolClientId });
    return {
      authorizer: new HttpUserPoolAuthorizer('Cognito', userPool, {
        userPoolClients: [client, webConsole.client],
      }),
      console: webConsole,
      usernameClaim: cognitoClaimNames.username,
    };
  }

  /** China: no user pools there; the JWT authorizer trusts the configured OIDC issuer. */
  private oidcSignIn(target: ChinaTarget): SignIn {
    return {
      authorizer: new HttpJwtAuthorizer('Oidc', target.oidc.issuer, {
        jwtAudience: target.oidc.audience,
        identitySource: ['$request.header.Authorization'],
      }),
      console: new ChinaConsole(this, 'Console', { target }),
      usernameClaim: target.oidc.claims.username,
    };
  }

  /**
   * China: API Gateway serves only under an ICP-licensed custom domain; the execute-api
   * endpoint is turned off so that nothing (farmer links included) uses another address.
   */
  private licensedApiDomain(target: ChinaTarget): Partial<HttpApiProps> {
    const domainName = new DomainName(this, 'ApiDomain', {
      domainName: target.api.domainName,
      certificate: Certificate.fromCertificateArn(
        this,
        'ApiCertificate',
        target.api.certificateArn,
      ),
    });
    new CfnOutput(this, 'ApiDomainTarget', { value: domainName.regionalDomainName });
    return { defaultDomainMapping: { domainName }, disableExecuteApiEndpoint: true };
  }

  /** Each cdk-nag finding we accept, with the reason written down. */
  private acknowledgeNagFindings(): void {
    NagSuppressions.addStackSuppressions(this, [
      {
        id: 'AwsSolutions-IAM4',
        reason:
          'Lambda functions use AWSLambdaBasicExecutionRole only to write their own CloudWatch logs; the managed policy is the documented minimum.',
        appliesTo: [
          'Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole',
        ],
      },
      {
        id: 'AwsSolutions-IAM5',
        reason:
          "The wildcard is the table's own index ARNs (<table>/index/*), granted by Table.grant*; no other resource is reachable.",
      },
      {
        id: 'AwsSolutions-L1',
        reason:
          'nodejs22.x is pinned on purpose: it is the runtime the project tests and builds for (package.json engines).',
      },
      {
        id: 'AwsSolutions-COG2',
        reason:
          'MFA is optional (TOTP): village treasurers often share one basic phone; the township decides per user. Tokens are short-lived and scoped to one association.',
      },
      {
        id: 'AwsSolutions-COG3',
        reason:
          'Cognito threat protection (Plus feature plan) costs more per user than a county budget allows; self sign-up is disabled and admins create every user.',
      },
      {
        id: 'AwsSolutions-COG8',
        reason:
          'The Plus feature plan (needed for threat protection) is priced per user beyond a village budget; see COG3.',
      },
      {
        id: 'AwsSolutions-APIG4',
        reason:
          'Only GET /health, GET /openapi.json and the farmer capability link GET /s/{token} are public; every other route has the JWT authorizer (Cognito in the global target, the configured OIDC issuer in China).',
      },
    ]);
  }
}
