/**
 * The console in the cloud: web/dist as static files in a private S3 bucket behind CloudFront
 * (origin access control, HTTPS only, gzip and brotli at the edge), the Cognito hosted sign-in
 * for it (authorization code with PKCE, no client secret), and its config.json written at
 * deploy time with the API's URL and the sign-in's domain and client.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import type { CorsPreflightOptions } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  Function as EdgeFunction,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  PriceClass,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import {
  OAuthScope,
  UserPoolClientIdentityProvider,
  type UserPool,
  type UserPoolClient,
  type UserPoolDomain,
} from 'aws-cdk-lib/aws-cognito';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { consoleDist, ensureConsoleBuilt } from '../web/build.ts';
import { consoleBuckets, consoleCors, deployConsoleFiles } from './console-files.ts';
import { clientReadAttributes, clientWriteAttributes } from './tenant-claims.ts';

export interface ConsoleProps {
  userPool: UserPool;
  /** The hosted sign-in's domain prefix (<prefix>.auth.<region>.amazoncognito.com). */
  signInDomainPrefix?: string;
  /** The built console; built here when missing or stale. */
  distDir?: string;
}

/** Paths: / and /console go to /console/, a folder to its index.html (S3 has no folders). */
const pathsFunction = `function handler(event) {
  var request = event.request;
  var uri = request.uri;
  if (uri === '/' || uri === '/console') {
    return { statusCode: 302, statusDescription: 'Found', headers: { location: { value: '/console/' } } };
  }
  if (uri.charAt(uri.length - 1) === '/') request.uri = uri + 'index.html';
  return request;
}`;

export class Console extends Construct {
  readonly bucket: Bucket;
  readonly distribution: Distribution;
  readonly client: UserPoolClient;
  readonly signInDomain: UserPoolDomain;
  /** https://<distribution>/console/ */
  readonly url: string;
  private readonly distDir: string;

  constructor(scope: Construct, id: string, props: ConsoleProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.distDir = props.distDir ?? consoleDist;
    if (this.distDir === consoleDist) ensureConsoleBuilt();

    const { logs, files } = consoleBuckets(this);
    this.bucket = files;

    const headers = new ResponseHeadersPolicy(this, 'Headers', {
      comment: 'Huzhu console: security headers',
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          contentSecurityPolicy:
            "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
            "img-src 'self' data: blob:; frame-src blob:; worker-src 'self'; " +
            `connect-src 'self' https://*.execute-api.${stack.region}.${stack.urlSuffix} ` +
            `https://*.auth.${stack.region}.amazoncognito.com; ` +
            "base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
          override: true,
        },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(365),
          includeSubdomains: true,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.SAME_ORIGIN, override: true },
      },
    });

    this.distribution = new Distribution(this, 'Cdn', {
      comment: 'Huzhu console',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        compress: true,
        responseHeadersPolicy: headers,
        functionAssociations: [
          {
            eventType: FunctionEventType.VIEWER_REQUEST,
            function: new EdgeFunction(this, 'Paths', {
              code: FunctionCode.fromInline(pathsFunction),
              runtime: FunctionRuntime.JS_2_0,
              comment: 'Huzhu console: / to /console/, folders to index.html',
            }),
          },
        ],
      },
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_ALL,
      enableLogging: true,
      logBucket: logs,
      logFilePrefix: 'cloudfront/',
    });
    this.url = `https://${this.distribution.distributionDomainName}/console/`;

    this.signInDomain = props.userPool.addDomain('ConsoleSignIn', {
      cognitoDomain: { domainPrefix: props.signInDomainPrefix ?? `huzhu-${stack.account}` },
    });
    // A public client: the browser keeps no secret; PKCE protects the code.
    this.client = props.userPool.addClient('ConsoleSignInClient', {
      generateSecret: false,
      preventUserExistenceErrors: true,
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.PROFILE],
        callbackUrls: [this.url],
        logoutUrls: [this.url],
      },
      idTokenValidity: Duration.hours(8),
      accessTokenValidity: Duration.hours(8),
      readAttributes: clientReadAttributes(),
      writeAttributes: clientWriteAttributes(),
    });

    NagSuppressions.addResourceSuppressions(this.distribution, [
      {
        id: 'AwsSolutions-CFR1',
        reason:
          'No geo restriction: treasurers and supervisors travel and roam; every API call is authenticated by Cognito.',
      },
      {
        id: 'AwsSolutions-CFR2',
        reason:
          'The distribution serves public static files only (no data, no forms to the origin); WAF pricing is beyond a county budget. The API has its own throttling.',
      },
      {
        id: 'AwsSolutions-CFR4',
        reason:
          'The default *.cloudfront.net certificate fixes the minimum TLS version; a county that adds its own domain and ACM certificate sets TLSv1.2_2021.',
      },
    ]);
  }

  /** Lets the console call the API from its CloudFront origin (preflight with the key header). */
  get cors(): CorsPreflightOptions {
    return consoleCors(`https://${this.distribution.distributionDomainName}`);
  }

  /**
   * Uploads the console with its config.json: hashed files cached for a year, the files that
   * name them revalidated and invalidated at the edge on every deployment.
   */
  deploy(apiUrl: string): void {
    const config = {
      apiUrl,
      auth: {
        kind: 'cognito',
        domain: this.signInDomain.baseUrl(),
        clientId: this.client.userPoolClientId,
        redirectUri: this.url,
      },
    };
    deployConsoleFiles(this, {
      bucket: this.bucket,
      distribution: this.distribution,
      distDir: this.distDir,
      config,
      prefix: 'console/',
    });
  }
}
