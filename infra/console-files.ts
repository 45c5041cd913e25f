/**
 * What both targets' consoles share: the private bucket of web/dist with its access-log
 * bucket, and the upload of the files with their config.json (the API's URL and how to sign in).
 */
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { CorsHttpMethod, type CorsPreflightOptions } from 'aws-cdk-lib/aws-apigatewayv2';
import type { IDistribution } from 'aws-cdk-lib/aws-cloudfront';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { NagSuppressions } from 'cdk-nag';
import type { Construct } from 'constructs';
import { buildInfoFile } from '../web/build.ts';

/** Files that name others (or say where the API is): revalidated on every load. */
const entryFiles = ['index.html', 'sw.js', 'config.json'];

/** The console's files bucket (private, encrypted, TLS only) and the bucket of its access logs. */
export function consoleBuckets(scope: Construct): { logs: Bucket; files: Bucket } {
  const logs = new Bucket(scope, 'Logs', {
    blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
    encryption: BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    // CloudFront's standard logs are delivered with an ACL.
    objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
    lifecycleRules: [{ expiration: Duration.days(180) }],
    removalPolicy: RemovalPolicy.RETAIN,
  });
  const files = new Bucket(scope, 'Files', {
    blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
    encryption: BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    serverAccessLogsBucket: logs,
    serverAccessLogsPrefix: 's3/',
    removalPolicy: RemovalPolicy.RETAIN,
  });
  NagSuppressions.addResourceSuppressions(
    logs,
    [
      {
        id: 'AwsSolutions-S1',
        reason:
          'This bucket receives the access logs of the console bucket and of CloudFront; logging it into itself would loop.',
      },
    ],
    true,
  );
  return { logs, files };
}

export interface ConsoleFiles {
  bucket: Bucket;
  distribution: IDistribution;
  distDir: string;
  /** config.json: where the API is and how to sign in. */
  config: unknown;
  /** Where under the bucket (and the distribution) the console lives: 'console/' or ''. */
  prefix: string;
}

/**
 * Uploads the console with its config.json: hashed files cached for a year, the files that
 * name them revalidated and invalidated at the edge on every deployment.
 */
export function deployConsoleFiles(scope: Construct, files: ConsoleFiles): void {
  // One asset (web/dist), two deployments filtering it: the filters also keep each
  // deployment's pruning off the other's files.
  const dist = Source.asset(files.distDir, { exclude: [buildInfoFile] });
  const assets = new BucketDeployment(scope, 'Assets', {
    sources: [dist],
    destinationBucket: files.bucket,
    destinationKeyPrefix: files.prefix,
    // Keeps the entry files the other deployment owns; old hashed files are pruned.
    exclude: entryFiles,
    cacheControl: [CacheControl.fromString('public, max-age=31536000, immutable')],
  });
  const entries = new BucketDeployment(scope, 'Entries', {
    sources: [dist, Source.jsonData('config.json', files.config)],
    destinationBucket: files.bucket,
    destinationKeyPrefix: files.prefix,
    exclude: ['*'],
    include: entryFiles,
    cacheControl: [CacheControl.noCache()],
    distribution: files.distribution,
    distributionPaths: [`/${files.prefix}`, ...entryFiles.map((file) => `/${files.prefix}${file}`)],
  });
  // The page must never name a script that is not uploaded yet.
  entries.node.addDependency(assets);
  acknowledgeDeploymentFindings(scope, [assets, entries]);
}

function acknowledgeDeploymentFindings(scope: Construct, deployments: BucketDeployment[]): void {
  for (const deployment of deployments) {
    NagSuppressions.addResourceSuppressions(
      deployment.handlerRole,
      [
        {
          id: 'AwsSolutions-IAM5',
          reason:
            "BucketDeployment's copy function reads its asset objects (s3:GetObject*, List*) and writes under the console bucket; the wildcards are object keys of those two buckets only.",
        },
      ],
      true,
    );
  }
  const copier = Stack.of(scope)
    .node.findAll()
    .find((c) => c.node.id.startsWith('Custom::CDKBucketDeployment'));
  if (copier) {
    NagSuppressions.addResourceSuppressions(
      copier,
      [
        {
          id: 'AwsSolutions-L1',
          reason:
            "The runtime of BucketDeployment's copy function (Python, with the AWS CLI layer) is chosen and updated by aws-cdk-lib.",
        },
      ],
      true,
    );
  }
}

/** Lets the console call the API from its origin (preflight with the key header). */
export function consoleCors(origin: string): CorsPreflightOptions {
  return {
    allowOrigins: [origin],
    allowMethods: [
      CorsHttpMethod.GET,
      CorsHttpMethod.POST,
      CorsHttpMethod.PUT,
      CorsHttpMethod.PATCH,
    ],
    allowHeaders: ['authorization', 'content-type', 'idempotency-key'],
    maxAge: Duration.hours(1),
  };
}
