/**
 * The SMS templates a county registers with a domestic provider (阿里云短信, 腾讯云短信).
 * Chinese carriers deliver application SMS only with a registered signature (签名, added by
 * the provider as 【…】) and a pre-approved template whose variables are filled at send time:
 * free text is refused. So a message is a template id plus named parameters, worked out here
 * from the same facts `renderMessage` renders for previews, the local gateway and SNS; a test
 * proves that filling a template gives exactly that text.
 *
 * Carrier rules kept: no variable holds a link (the link's domain is fixed text in the
 * template, the county's ICP-licensed domain, written `{域名}` here and replaced when
 * registering; only the token is a variable); no shortened links; each variable at most 20
 * characters; the body within two SMS parts. A loan with no live link (revoked, or 30 days after
 * payoff) uses the same text without the link: one more registered template per kind.
 */
import { maskName } from '../members/household.ts';
import {
  fillPlaceholders,
  templateBody,
  templateKinds,
  type TemplateKind,
} from './template-texts.ts';
import type { MessageContent } from './templates.ts';

export type RegisteredTemplateId = TemplateKind | `${TemplateKind}-no-link`;

/** Every template a county registers: each kind with the link, and without. */
export const registeredTemplateIds: RegisteredTemplateId[] = templateKinds.flatMap((kind) => [
  kind,
  `${kind}-no-link` as const,
]);

export interface TemplateMessage {
  template: RegisteredTemplateId;
  /** In the template's order: Tencent's TemplateParamSet is positional. */
  params: [name: string, value: string][];
}

/** Where the county's domain stands in a registered text. */
export const linkDomainPlaceholder = '{域名}';
const linkSuffix = `详情：https://${linkDomainPlaceholder}/s/\${token}`;

/** The registered text of a message's template, and the values of its variables in order. */
export function templateFor(
  content: MessageContent,
  context: { householdName: string; treasurerPhone: string; linkToken?: string },
): { text: string; message: TemplateMessage } {
  const { kind, text, params } = templateBody(content, context.treasurerPhone);
  const withName = { name: maskName(context.householdName), ...params };
  const named = context.linkToken ? { ...withName, token: context.linkToken } : withName;
  const fullText = `\${name}：${text}${context.linkToken ? linkSuffix : ''}`;
  // The order the variables appear in the text: Tencent's {1}, {2}, … follow it.
  const order = [...fullText.matchAll(/\$\{(\w+)\}/g)].map((match) => match[1]!);
  return {
    text: fullText,
    message: {
      template: context.linkToken ? kind : `${kind}-no-link`,
      params: order.map((name) => [name, named[name as keyof typeof named]!]),
    },
  };
}

/** A registered text with its variables filled: what the carrier delivers after 【签名】. */
export function fillTemplate(text: string, params: TemplateMessage['params'], domain: string) {
  return fillPlaceholders(text.replace(linkDomainPlaceholder, domain), new Map(params));
}
