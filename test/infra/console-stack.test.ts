/**
 * The console in the CDK stack: a private, encrypted, SSL-only bucket behind CloudFront with
 * origin access control and HTTPS only; web/dist deployed with its config.json; a hosted
 * sign-in client (code + PKCE, no secret) the API's authorizer accepts; CORS for its origin.
 */
import { describe, expect, it } from 'vitest';
import { App, Aspects, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { HuzhuStack } from '../../infra/huzhu-stack.ts';

// Skip esbuild bundling of the Lambdas: the template is what is under test. The console's
// own build (web/dist) is made by the construct when it is missing.
const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
const stack = new HuzhuStack(app, 'ConsoleTest');
Aspects.of(app).add(new AwsSolutionsChecks({ verbose: true }));
app.synth();
const template = Template.fromStack(stack);
const json = template.toJSON();

const resolveRef = (value: unknown) => JSON.stringify(Stack.of(stack).resolve(value));

describe('the console in the cloud', () => {
  it('keeps its files in a private, encrypted bucket that refuses plain HTTP and logs access', () => {
    const buckets = template.findResources('AWS::S3::Bucket');
    const files = Object.entries(buckets).find(([id]) => id.startsWith('ConsoleFiles'));
    expect(files).toBeDefined();
    const [filesId, bucket] = files!;
    expect(bucket.Properties).toMatchObject({
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
        ],
      },
      LoggingConfiguration: { LogFilePrefix: 's3/' },
    });
    const policies = Object.values(template.findResources('AWS::S3::BucketPolicy')).filter(
      (p) => p.Properties.Bucket.Ref === filesId,
    );
    const statements = policies.flatMap((p) => p.Properties.PolicyDocument.Statement);
    expect(statements).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          Effect: 'Deny',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        }),
        // Only CloudFront, through origin access control, reads it.
        expect.objectContaining({
          Effect: 'Allow',
          Principal: { Service: 'cloudfront.amazonaws.com' },
          Action: 's3:GetObject',
        }),
      ]),
    );
  });

  it('serves it through CloudFront: HTTPS only, origin access control, compressed, logged', () => {
    template.resourceCountIs('AWS::CloudFront::Distribution', 1);
    template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: Match.objectLike({
        OriginAccessControlOriginType: 's3',
        SigningBehavior: 'always',
        SigningProtocol: 'sigv4',
      }),
    });
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultCacheBehavior: Match.objectLike({
          ViewerProtocolPolicy: 'https-only',
          Compress: true,
          FunctionAssociations: [Match.objectLike({ EventType: 'viewer-request' })],
        }),
        HttpVersion: 'http2and3',
        Logging: Match.objectLike({ Prefix: 'cloudfront/' }),
        Origins: [Match.objectLike({ OriginAccessControlId: Match.anyValue() })],
      }),
    });
    template.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({
        SecurityHeadersConfig: Match.objectLike({
          FrameOptions: { FrameOption: 'DENY', Override: true },
          StrictTransportSecurity: Match.objectLike({ AccessControlMaxAgeSec: 31536000 }),
        }),
      }),
    });
  });

  it('sends / and folders to /console/index.html with a CloudFront function', () => {
    const [fn] = Object.values(template.findResources('AWS::CloudFront::Function'));
    const code = String(fn!.Properties.FunctionCode);
    // Run the function as CloudFront would.
    const handler = new Function(`${code}; return handler;`)() as (e: unknown) => any;
    expect(handler({ request: { uri: '/' } })).toMatchObject({
      statusCode: 302,
      headers: { location: { value: '/console/' } },
    });
    expect(handler({ request: { uri: '/console/' } })).toEqual({ uri: '/console/index.html' });
    expect(handler({ request: { uri: '/console/app.ABCDEFGH.js' } })).toEqual({
      uri: '/console/app.ABCDEFGH.js',
    });
  });

  it('deploys web/dist with config.json: hashed files for a year, entry files revalidated', () => {
    const deployments = Object.values(template.findResources('Custom::CDKBucketDeployment'));
    expect(deployments).toHaveLength(2);
    const assets = deployments.find((d) => !d.Properties.DistributionId)!;
    const entries = deployments.find((d) => d.Properties.DistributionId)!;
    for (const d of deployments) expect(d.Properties.DestinationBucketKeyPrefix).toBe('console/');
    expect(assets.Properties.SystemMetadata).toEqual({
      'cache-control': 'public, max-age=31536000, immutable',
    });
    expect(assets.Properties.Exclude).toEqual(['index.html', 'sw.js', 'config.json']);
    expect(entries.Properties.SystemMetadata).toEqual({ 'cache-control': 'no-cache' });
    expect(entries.Properties.Include).toEqual(['index.html', 'sw.js', 'config.json']);
    expect(entries.Properties.DistributionPaths).toEqual([
      '/console/',
      '/console/index.html',
      '/console/sw.js',
      '/console/config.json',
    ]);
    // config.json names the API, the hosted sign-in and its client, resolved at deploy time.
    const markers = JSON.stringify(entries.Properties.SourceMarkers);
    const config = JSON.stringify(entries.Properties);
    expect(config).toContain('config.json');
    expect(markers).toContain('ApiF70053CD');
    expect(markers).toContain('UsersConsoleSignInClient');
    expect(markers).toMatch(/"UsersConsoleSignIn[0-9A-F]{8}"/);
    expect(markers).toContain('ConsoleCdn');
  });

  it('signs in with the hosted UI: code grant with PKCE, no secret, back to the console', () => {
    const clients = template.findResources('AWS::Cognito::UserPoolClient');
    const [id, client] = Object.entries(clients).find(([cid]) =>
      cid.includes('ConsoleSignInClient'),
    )!;
    expect(client.Properties).toMatchObject({
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: ['openid', 'profile'],
      GenerateSecret: false,
      SupportedIdentityProviders: ['COGNITO'],
    });
    expect(JSON.stringify(client.Properties.CallbackURLs)).toContain('/console/');
    template.resourceCountIs('AWS::Cognito::UserPoolDomain', 1);
    // The API's JWT authorizer accepts the console's ID tokens.
    const [authorizer] = Object.values(template.findResources('AWS::ApiGatewayV2::Authorizer'));
    expect(JSON.stringify(authorizer!.Properties.JwtConfiguration.Audience)).toContain(id);
  });

  it('lets the console call the API from its origin, with the Idempotency-Key header', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      CorsConfiguration: Match.objectLike({
        AllowHeaders: ['authorization', 'content-type', 'idempotency-key'],
        AllowMethods: ['GET', 'POST', 'PUT', 'PATCH'],
      }),
    });
    const [api] = Object.values(template.findResources('AWS::ApiGatewayV2::Api'));
    expect(JSON.stringify(api!.Properties.CorsConfiguration.AllowOrigins)).toContain('ConsoleCdn');
    expect(json.Outputs.ConsoleUrl).toBeDefined();
    expect(resolveRef(json.Outputs.ConsoleUrl.Value)).toContain('/console/');
  });

  it('keeps cdk-nag AwsSolutions clean: every console finding fixed or acknowledged', () => {
    const findings = [
      ...Annotations.fromStack(stack).findError('*', Match.stringLikeRegexp('AwsSolutions-.*')),
      ...Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('AwsSolutions-.*')),
    ];
    expect(findings.map((f) => `${f.id}: ${String(f.entry.data).slice(0, 120)}`)).toEqual([]);
    // The acknowledgements are on the console's own resources, each with its reason.
    const acknowledged = JSON.stringify(
      Object.entries(json.Resources)
        .filter(([id]) => id.startsWith('Console'))
        .map(([, r]: [string, any]) => r.Metadata?.cdk_nag?.rules_to_suppress ?? []),
    );
    for (const rule of [
      'AwsSolutions-S1',
      'AwsSolutions-CFR1',
      'AwsSolutions-CFR2',
      'AwsSolutions-CFR4',
    ])
      expect(acknowledged).toContain(rule);
  });
});
