/**
 * One app, two targets (README, Deploying):
 * - global (`npx cdk synth`): Cognito user pool and hosted sign-in, SNS SMS, the console on
 *   CloudFront's own domain, as before;
 * - china (`npx cdk synth -c target=china -c huzhu:… …`), for cn-north-1 / cn-northwest-1 (the
 *   aws-cn partition): no Cognito (user pools do not exist there) but any OIDC issuer; SMS
 *   through 阿里云短信 or 腾讯云短信; the API and the console under the county's ICP-licensed
 *   domains, since neither API Gateway nor CloudFront serves anything there without them.
 * Every value the China target needs is a context value, checked here: a missing or malformed
 * one stops the synth with a message naming it and what it is, never a broken stack.
 */
import type { Node } from 'constructs';
import {
  registeredTemplateIds,
  type RegisteredTemplateId,
} from '#domain/messages/registered-templates.ts';
import type { ClaimNames } from '../functions/http/identity.ts';

export interface ChinaTarget {
  kind: 'china';
  oidc: { issuer: string; audience: string[]; claims: ClaimNames };
  /** The API's custom domain (farmer links, console calls) and its ACM certificate. */
  api: { domainName: string; certificateArn: string };
  /** The console's domain on CloudFront, and its certificate uploaded to IAM. */
  console: { domainName: string; iamCertificateId: string };
  icpNumber: string;
  sms: {
    provider: 'aliyun' | 'tencent';
    signName: string;
    templateCodes: Record<RegisteredTemplateId, string>;
    appId?: string;
  };
}

export type Target = { kind: 'global' } | ChinaTarget;

/** Every context value of the China target: what it is, and how a good one looks. */
export const chinaContext = {
  'huzhu:oidcIssuer': 'the OIDC issuer URL (https://…, as in its discovery document)',
  'huzhu:oidcAudience':
    "the token audience(s) the API accepts, comma-separated (the console client's id)",
  'huzhu:apiDomainName': 'the ICP-licensed domain of the API and the farmer links (hz.example.cn)',
  'huzhu:apiCertificateArn': "the ACM certificate of that domain, in the stack's region",
  'huzhu:consoleDomainName': 'the ICP-licensed domain of the console (console.hz.example.cn)',
  'huzhu:consoleCertificateId':
    'the IAM server certificate id of that domain (CloudFront in China takes no ACM certificate)',
  'huzhu:icpNumber': 'the ICP licence number (浙ICP备12345678号)',
  'huzhu:smsProvider': 'aliyun or tencent',
  'huzhu:smsSignName': 'the registered SMS signature (签名), without 【】',
  'huzhu:smsTemplateCodes': "JSON: each template id of docs/sms-templates.md → the provider's code",
} as const;

/** Optional: the claim names (defaults are a generic OIDC provider's) and Tencent's app id. */
export const chinaOptionalContext = {
  'huzhu:claimUsername': 'preferred_username',
  'huzhu:claimRoles': 'roles',
  'huzhu:claimAssociation': 'association_id',
  'huzhu:claimFederation': 'federation_id',
  'huzhu:smsAppId': '(Tencent only, required there) the SmsSdkAppId',
} as const;

type Key = keyof typeof chinaContext | keyof typeof chinaOptionalContext;

const checks: Partial<Record<Key, (value: string) => boolean>> = {
  'huzhu:oidcIssuer': (value) => /^https:\/\/[^\s/]+(\/\S*)?$/.test(value) && !value.endsWith('/'),
  'huzhu:apiDomainName': (value) => /^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(value),
  'huzhu:consoleDomainName': (value) => /^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(value),
  'huzhu:apiCertificateArn': (value) =>
    /^arn:aws-cn:acm:cn-(north|northwest)-1:\d{12}:certificate\//.test(value),
  'huzhu:icpNumber': (value) => /ICP备\d+号/.test(value),
  'huzhu:smsProvider': (value) => value === 'aliyun' || value === 'tencent',
  'huzhu:smsTemplateCodes': (value) => templateCodesOf(value) !== undefined,
};

function templateCodesOf(value: unknown): Record<RegisteredTemplateId, string> | undefined {
  let codes: unknown = value;
  try {
    if (typeof value === 'string') codes = JSON.parse(value);
  } catch {
    return undefined;
  }
  const map = codes as Record<string, unknown>;
  const complete = registeredTemplateIds.every((id) => typeof map?.[id] === 'string' && map[id]);
  return complete ? (map as Record<RegisteredTemplateId, string>) : undefined;
}

/** The values read and checked; throws naming every missing or malformed one. */
function readChinaContext(node: Node): Record<Key, string> {
  const read = (key: Key) => {
    const value: unknown = node.tryGetContext(key);
    return typeof value === 'object' && value !== null ? JSON.stringify(value) : value;
  };
  const problems: string[] = [];
  const values = {} as Record<Key, string>;
  for (const [key, meaning] of Object.entries(chinaContext) as [Key, string][]) {
    const value = read(key);
    if (typeof value !== 'string' || value === '')
      problems.push(`  -c ${key}=…  missing: ${meaning}`);
    else if (checks[key] && !checks[key](value))
      problems.push(`  -c ${key}=${value}  malformed: ${meaning}`);
    else values[key] = value;
  }
  for (const [key, fallback] of Object.entries(chinaOptionalContext) as [Key, string][]) {
    const value = read(key);
    values[key] =
      typeof value === 'string' && value ? value : key === 'huzhu:smsAppId' ? '' : fallback;
  }
  if (values['huzhu:smsProvider'] === 'tencent' && !values['huzhu:smsAppId']) {
    problems.push(`  -c huzhu:smsAppId=…  missing: ${chinaOptionalContext['huzhu:smsAppId']}`);
  }
  if (problems.length > 0) {
    throw new Error(
      `target=china cannot be synthesized; set these context values (README, Deploying in China):\n${problems.join('\n')}`,
    );
  }
  return values;
}

export function targetFromContext(node: Node): Target {
  const target: unknown = node.tryGetContext('target') ?? 'global';
  if (target === 'global') return { kind: 'global' };
  if (target !== 'china')
    throw new Error(`-c target=${String(target)}: the targets are global and china`);
  const value = readChinaContext(node);
  return {
    kind: 'china',
    oidc: {
      issuer: value['huzhu:oidcIssuer'],
      audience: value['huzhu:oidcAudience'].split(',').map((audience) => audience.trim()),
      claims: {
        username: value['huzhu:claimUsername'],
        groups: value['huzhu:claimRoles'],
        association: value['huzhu:claimAssociation'],
        federation: value['huzhu:claimFederation'],
      },
    },
    api: {
      domainName: value['huzhu:apiDomainName'],
      certificateArn: value['huzhu:apiCertificateArn'],
    },
    console: {
      domainName: value['huzhu:consoleDomainName'],
      iamCertificateId: value['huzhu:consoleCertificateId'],
    },
    icpNumber: value['huzhu:icpNumber'],
    sms: {
      provider: value['huzhu:smsProvider'] as 'aliyun' | 'tencent',
      signName: value['huzhu:smsSignName'],
      templateCodes: templateCodesOf(value['huzhu:smsTemplateCodes'])!,
      ...(value['huzhu:smsAppId'] ? { appId: value['huzhu:smsAppId'] } : {}),
    },
  };
}
