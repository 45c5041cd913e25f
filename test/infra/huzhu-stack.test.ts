import { describe, expect, it } from 'vitest';
import { App, Aspects } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { HuzhuStack, sizingOf } from '../../infra/huzhu-stack.ts';
import { backgroundFunctionNames } from '../../infra/messaging.ts';
import { lambdaNames } from '#api/route.ts';
import { routeKey } from '#api/route.ts';
import { routeTable } from '#api/routes.ts';
import { tableDefinition } from '../../functions/store/table-definition.ts';

function synthesize() {
  // Skip esbuild bundling in tests: the template is what is under test.
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new HuzhuStack(app, 'Test');
  Aspects.of(app).add(new AwsSolutionsChecks({ verbose: true }));
  app.synth();
  return { stack, template: Template.fromStack(stack) };
}

const { stack, template } = synthesize();

describe('the CDK stack', () => {
  it('has one table: on demand, point-in-time recovery, deletion protection, retained, streamed', () => {
    template.resourceCountIs('AWS::DynamoDB::Table', 1);
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
        StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
        GlobalSecondaryIndexes: tableDefinition.globalIndexes.map((index) =>
          Match.objectLike({ IndexName: index.name }),
        ),
      }),
    });
  });

  it('runs every Lambda on nodejs22.x, arm64, one per area', () => {
    const functions = template.findResources('AWS::Lambda::Function');
    // The console's BucketDeployment brings aws-cdk-lib's own copy function (Python): not ours.
    const ours = Object.entries(functions)
      .filter(
        ([id, fn]) =>
          fn.Properties.Handler === 'index.handler' && !id.startsWith('CustomCDKBucketDeployment'),
      )
      .map(([, fn]) => fn);
    expect(ours).toHaveLength(lambdaNames.length + backgroundFunctionNames.length);
    for (const fn of ours) {
      expect(fn.Properties.Runtime).toBe('nodejs22.x');
      expect(fn.Properties.Architectures).toEqual(['arm64']);
    }
  });

  it('gives the federation Lambda a full vCPU and 29 s for the dashboard, the rest 512 MB / 10 s', () => {
    const functions = template.findResources('AWS::Lambda::Function');
    for (const name of lambdaNames) {
      const [fn] = Object.entries(functions)
        .filter(([id]) => id.startsWith(`Fn${name.replaceAll('-', '')}`))
        .map(([, f]) => f);
      expect(fn, name).toBeDefined();
      expect(fn!.Properties.MemorySize, name).toBe(sizingOf(name).memorySize);
      expect(fn!.Properties.Timeout, name).toBe(sizingOf(name).timeoutSeconds);
    }
    expect(sizingOf('federation')).toEqual({ memorySize: 1769, timeoutSeconds: 29 });
    expect(sizingOf('loans')).toEqual({ memorySize: 512, timeoutSeconds: 10 });
    // Inside the HTTP API's 30 s: API Gateway would cut the request off first otherwise.
    for (const name of lambdaNames) expect(sizingOf(name).timeoutSeconds).toBeLessThan(30);
  });

  it('puts every route behind the JWT authorizer except the public ones', () => {
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route'));
    expect(routes).toHaveLength(routeTable.length);
    const publicKeys = new Set(['GET /health', 'GET /openapi.json', 'GET /s/{token}']);
    for (const route of routes) {
      const key = route.Properties.RouteKey as string;
      if (publicKeys.has(key)) {
        expect(route.Properties.AuthorizationType, key).toBe('NONE');
      } else {
        expect(route.Properties.AuthorizationType, key).toBe('JWT');
        expect(route.Properties.AuthorizerId, key).toBeDefined();
      }
    }
    expect(routes.map((r) => r.Properties.RouteKey).sort()).toEqual(
      routeTable.map(routeKey).sort(),
    );
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
    });
  });

  it('has the four Cognito groups', () => {
    for (const group of ['treasurer', 'supervisor', 'auditor', 'admin']) {
      template.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: group });
    }
  });

  it('lets no user-pool client write the tenant claims: only an administrator sets them', () => {
    const tenantClaims = ['custom:association_id', 'custom:federation_id'];
    const schema = Object.values(template.findResources('AWS::Cognito::UserPool'))[0]!.Properties
      .Schema as { Name: string }[];
    expect(schema.map((attribute) => attribute.Name)).toEqual(
      expect.arrayContaining(['association_id', 'federation_id']),
    );
    const clients = Object.values(template.findResources('AWS::Cognito::UserPoolClient'));
    expect(clients.length).toBeGreaterThanOrEqual(2);
    for (const client of clients) {
      // Unset WriteAttributes means "every mutable attribute": each client must name its own.
      const writable = client.Properties.WriteAttributes as string[] | undefined;
      expect(writable?.length).toBeGreaterThan(0);
      for (const claim of tenantClaims) expect(writable).not.toContain(claim);
      // The ID token still carries them, for the API's authorizer, and the name the console shows.
      expect(client.Properties.ReadAttributes).toEqual(
        expect.arrayContaining([...tenantClaims, 'name']),
      );
    }
  });

  it('alarms on Lambda errors and on API 5xx', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm'));
    expect(alarms.filter((a) => a.Properties.MetricName === 'Errors')).toHaveLength(
      lambdaNames.length + backgroundFunctionNames.length,
    );
    expect(alarms.filter((a) => a.Properties.MetricName === '5xx')).toHaveLength(1);
  });

  it('grants table access only to the Lambdas that need it', () => {
    const functions = template.findResources('AWS::Lambda::Function');
    const roleOf = (area: string) => {
      const [, fn] = Object.entries(functions).find(([id]) => id.startsWith(`Fn${area}`))!;
      return fn.Properties.Role['Fn::GetAtt'][0] as string;
    };
    const policies = Object.values(template.findResources('AWS::IAM::Policy'));
    const dynamoActionsOf = (role: string) =>
      policies
        .filter((p) => p.Properties.Roles.some((r: { Ref: string }) => r.Ref === role))
        .flatMap((p) => p.Properties.PolicyDocument.Statement)
        .flatMap((s: { Action: string | string[] }) => [s.Action].flat())
        .filter((action: string) => action.startsWith('dynamodb:'));
    expect(dynamoActionsOf(roleOf('platform'))).toEqual([]);
    expect(dynamoActionsOf(roleOf('members'))).toContain('dynamodb:PutItem');
    // The subsidy claim writes its audit trail.
    expect(dynamoActionsOf(roleOf('subsidy'))).toContain('dynamodb:PutItem');
  });

  it('passes cdk-nag AwsSolutions: every finding fixed or acknowledged with a reason', () => {
    const findings = [
      ...Annotations.fromStack(stack).findError('*', Match.stringLikeRegexp('AwsSolutions-.*')),
      ...Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('AwsSolutions-.*')),
    ];
    expect(findings.map((f) => `${f.id}: ${String(f.entry.data).slice(0, 120)}`)).toEqual([]);
  });
});
