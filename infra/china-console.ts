/**
 * The console in a China region: web/dist in a private S3 bucket behind CloudFront (China),
 * served only under the county's ICP-licensed domain. CloudFront there serves nothing on its
 * own *.cloudfront.cn names, takes no ACM certificate (the certificate is uploaded to IAM and
 * named by its id) and offers no origin access control, so the bucket is read through an
 * origin access identity. The console sits at the domain's root; config.json names the API's
 * licensed domain and the OIDC issuer to sign in with.
 */
import type { CorsPreflightOptions } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  PriceClass,
  ViewerProtocolPolicy,
  type CfnDistribution,
} from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { consoleDist, ensureConsoleBuilt } from '../web/build.ts';
import { consoleBuckets, consoleCors, deployConsoleFiles } from './console-files.ts';
import type { ChinaTarget } from './targets.ts';

export interface ChinaConsoleProps {
  target: ChinaTarget;
  distDir?: string;
}

export class ChinaConsole extends Construct {
  readonly distribution: Distribution;
  /** https://<console domain>/ */
  readonly url: string;
  private readonly props: ChinaConsoleProps;
  private readonly files: Bucket;

  constructor(scope: Construct, id: string, props: ChinaConsoleProps) {
    super(scope, id);
    this.props = props;
    if ((props.distDir ?? consoleDist) === consoleDist) ensureConsoleBuilt();
    const { logs, files } = consoleBuckets(this);
    const domain = props.target.console.domainName;
    this.distribution = new Distribution(this, 'Cdn', {
      comment: `Huzhu console ${domain} (${props.target.icpNumber})`,
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessIdentity(files),
        viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        compress: true,
      },
      priceClass: PriceClass.PRICE_CLASS_ALL,
      enableLogging: true,
      logBucket: logs,
      logFilePrefix: 'cloudfront/',
    });
    // The Distribution construct wants an ACM certificate with a domain; China wants IAM's.
    const cfn = this.distribution.node.defaultChild as CfnDistribution;
    cfn.addPropertyOverride('DistributionConfig.Aliases', [domain]);
    cfn.addPropertyOverride('DistributionConfig.ViewerCertificate', {
      IamCertificateId: props.target.console.iamCertificateId,
      SslSupportMethod: 'sni-only',
      MinimumProtocolVersion: 'TLSv1.2_2021',
    });
    this.url = `https://${domain}/`;
    this.files = files;
    this.acknowledgeNagFindings();
  }

  /** Lets the console call the API on its own licensed domain. */
  get cors(): CorsPreflightOptions {
    return consoleCors(`https://${this.props.target.console.domainName}`);
  }

  /** Uploads the console; config.json says where the API is and which issuer signs in. */
  deploy(apiUrl: string): void {
    const { oidc } = this.props.target;
    deployConsoleFiles(this, {
      bucket: this.files,
      distribution: this.distribution,
      distDir: this.props.distDir ?? consoleDist,
      config: {
        apiUrl,
        auth: {
          kind: 'oidc',
          issuer: oidc.issuer,
          clientId: oidc.audience[0],
          redirectUri: this.url,
          claims: oidc.claims,
        },
      },
      prefix: '',
    });
  }

  private acknowledgeNagFindings(): void {
    NagSuppressions.addResourceSuppressions(this.distribution, [
      {
        id: 'AwsSolutions-CFR1',
        reason:
          'No geo restriction: the console is served in mainland China by CloudFront (China) under an ICP-licensed domain; every API call is authenticated by the OIDC issuer.',
      },
      {
        id: 'AwsSolutions-CFR2',
        reason:
          'The distribution serves public static files only; WAF in the China regions is regional only and cannot be attached to CloudFront. The API has its own throttling.',
      },
      {
        id: 'AwsSolutions-CFR4',
        reason:
          'The viewer certificate is an IAM server certificate with TLSv1.2_2021, set by a property override (CloudFront in China takes no ACM certificate), which cdk-nag cannot see.',
      },
      {
        id: 'AwsSolutions-CFR7',
        reason:
          'Origin access control is not offered by CloudFront in the China regions; the bucket is private and read through an origin access identity.',
      },
    ]);
  }
}
