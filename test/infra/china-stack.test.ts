/**
 * Issue 20: the China target (`-c target=china`), synthesized once for cn-northwest-1 (the
 * aws-cn partition): no Cognito, no SNS SMS, the JWT authorizer on the configured OIDC issuer,
 * the API and the console under ICP-licensed domains, every ARN partition-safe, cdk-nag clean.
 */
import { describe, expect, it } from 'vitest';
import { App, Aspects } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { registeredTemplateIds } from '#domain/messages/registered-templates.ts';
import { routeTable } from '#api/routes.ts';
import { HuzhuStack } from '../../infra/huzhu-stack.ts';

const issuer = 'https://idp.lishui.example.cn/realms/longquan';
const chinaContext = {
  target: 'china',
  'huzhu:oidcIssuer': issuer,
  'huzhu:oidcAudience': 'huzhu-console',
  'huzhu:apiDomainName': 'hz.longquan.example.cn',
  'huzhu:apiCertificateArn':
    'arn:aws-cn:acm:cn-northwest-1:123456789012:certificate/0f3c0e1e-1111-2222-3333-444455556666',
  'huzhu:consoleDomainName': 'console.longquan.example.cn',
  'huzhu:consoleCertificateId': 'ASCAEXAMPLEIAMCERTID',
  'huzhu:icpNumber': '浙ICP备12345678号',
  'huzhu:smsProvider': 'aliyun',
  'huzhu:smsSignName': '竹垟资金互助会联合会',
  'huzhu:smsTemplateCodes': JSON.stringify(
    Object.fromEntries(registeredTemplateIds.map((id, i) => [id, `SMS_${480000001 + i}`])),
  ),
};

function synthesize() {
  const app = new App({ context: { ...chinaContext, 'aws:cdk:bundling-stacks': [] } });
  const stack = new HuzhuStack(app, 'China', {
    env: { account: '123456789012', region: 'cn-northwest-1' },
  });
  Aspects.of(app).add(new AwsSolutionsChecks({ verbose: true }));
  app.synth();
  return { stack, template: Template.fromStack(stack) };
}

const { stack, template } = synthesize();
const json = JSON.stringify(template.toJSON());

describe('the China target', () => {
  it('has no Cognito user pool, nothing of Cognito at all', () => {
    template.resourceCountIs('AWS::Cognito::UserPool', 0);
    const types = Object.values(template.toJSON().Resources as Record<string, { Type: string }>);
    expect(types.filter((resource) => resource.Type.startsWith('AWS::Cognito::'))).toEqual([]);
    // No Cognito claim names, no hosted sign-in domain in what the Lambdas or the console read.
    expect(json).not.toMatch(/cognito:|amazoncognito/);
  });

  it('gives nobody sns:Publish: SMS go through the domestic provider, credentials in a secret', () => {
    const actions = Object.values(template.findResources('AWS::IAM::Policy')).flatMap((policy) =>
      policy.Properties.PolicyDocument.Statement.flatMap((s: { Action: string | string[] }) => [
        s.Action,
      ]).flat(),
    );
    expect(actions).not.toContain('sns:Publish');
    expect(actions).toContain('secretsmanager:GetSecretValue');
    template.resourceCountIs('AWS::SecretsManager::Secret', 1);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          SMS_PROVIDER: 'aliyun',
          SMS_SIGN_NAME: '竹垟资金互助会联合会',
          SMS_TEMPLATE_CODES: chinaContext['huzhu:smsTemplateCodes'],
          SMS_CREDENTIALS_SECRET: Match.anyValue(),
        }),
      },
    });
  });

  it('authorizes with a JWT authorizer on the configured issuer and audience, and names its claims', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Issuer: issuer, Audience: ['huzhu-console'] },
    });
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route'));
    expect(routes).toHaveLength(routeTable.length);
    const publicRoutes = routes.filter((route) => route.Properties.AuthorizationType === 'NONE');
    expect(publicRoutes.map((route) => route.Properties.RouteKey).sort()).toEqual([
      'GET /health',
      'GET /openapi.json',
      'GET /s/{token}',
    ]);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          HUZHU_CLAIM_USERNAME: 'preferred_username',
          HUZHU_CLAIM_ROLES: 'roles',
          HUZHU_CLAIM_ASSOCIATION: 'association_id',
          HUZHU_CLAIM_FEDERATION: 'federation_id',
        }),
      },
    });
  });

  it('serves the API and the console only under the ICP-licensed domains', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', { DisableExecuteApiEndpoint: true });
    template.hasResourceProperties('AWS::ApiGatewayV2::DomainName', {
      DomainName: 'hz.longquan.example.cn',
      DomainNameConfigurations: [
        Match.objectLike({ CertificateArn: chinaContext['huzhu:apiCertificateArn'] }),
      ],
    });
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Aliases: ['console.longquan.example.cn'],
        ViewerCertificate: {
          IamCertificateId: 'ASCAEXAMPLEIAMCERTID',
          SslSupportMethod: 'sni-only',
          MinimumProtocolVersion: 'TLSv1.2_2021',
        },
      }),
    });
    // Farmer links use the licensed domain.
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({ LINK_BASE_URL: 'https://hz.longquan.example.cn' }),
      },
    });
    // CloudFront in China has no origin access control.
    template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 0);
  });

  it('writes every ARN and service principal partition-safe (aws-cn)', () => {
    expect(json).not.toMatch(/arn:aws:/);
    const arnLiterals = json.match(/arn:aws[-a-z]*:[^"]*/g) ?? [];
    expect(arnLiterals.every((arn) => arn.startsWith('arn:aws-cn:'))).toBe(true);
    expect(json).toContain('"Ref":"AWS::Partition"');
    // Service principals: no global-only hostnames such as amazonaws.com.cn mix-ups.
    const principals = [...json.matchAll(/"Service":"([^"]+)"/g)].map((match) => match[1]);
    expect(principals.length).toBeGreaterThan(0);
    for (const principal of principals) expect(principal).toMatch(/\.amazonaws\.com(\.cn)?$/);
  });

  it('passes cdk-nag AwsSolutions: every finding fixed or acknowledged with a reason', () => {
    const findings = [
      ...Annotations.fromStack(stack).findError('*', Match.stringLikeRegexp('AwsSolutions-.*')),
      ...Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('AwsSolutions-.*')),
    ];
    expect(findings.map((f) => `${f.id}: ${String(f.entry.data).slice(0, 120)}`)).toEqual([]);
  });

  it('stops the synth naming every missing or malformed context value', () => {
    const missing = () => new HuzhuStack(new App({ context: { target: 'china' } }), 'Missing');
    expect(missing).toThrow(/huzhu:oidcIssuer.*\n(.*\n)*.*huzhu:smsTemplateCodes/);
    const malformed = () =>
      new HuzhuStack(
        new App({
          context: {
            ...chinaContext,
            'huzhu:oidcIssuer': 'http://idp',
            'huzhu:smsProvider': 'sns',
          },
        }),
        'Malformed',
      );
    expect(malformed).toThrow(/huzhu:oidcIssuer=http:\/\/idp {2}malformed/);
    expect(malformed).toThrow(/huzhu:smsProvider=sns {2}malformed/);
    expect(() => new HuzhuStack(new App({ context: { target: 'mars' } }), 'Mars')).toThrow(
      /global and china/,
    );
  });
});
