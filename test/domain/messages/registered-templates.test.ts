import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  fillTemplate,
  linkDomainPlaceholder,
  registeredTemplateIds,
  templateFor,
} from '#domain/messages/registered-templates.ts';
import { renderMessage, type MessageContent } from '#domain/messages/templates.ts';
import { Money } from '#domain/money.ts';

const due = { dueOn: '2024-03-31', amount: Money.of('3305.47') } as const;
const samples: MessageContent[] = [
  {
    template: 'disbursement',
    amount: Money.of('120000.00'),
    disbursedOn: '2024-01-31',
    firstDue: { dueOn: '2024-02-29', amount: Money.of('3305.47') },
  },
  {
    template: 'repayment',
    amount: Money.of('3305.47'),
    paidOn: '2024-02-29',
    principalOutstanding: Money.of('9000.00'),
    nextDue: due,
  },
  {
    template: 'repayment',
    amount: Money.of('100.00'),
    paidOn: '2024-02-29',
    principalOutstanding: Money.of('9000.00'),
  },
  {
    template: 'repayment',
    amount: Money.of('3305.47'),
    paidOn: '2024-05-31',
    principalOutstanding: Money.of('0.00'),
  },
  { template: 'due-reminder', due },
  { template: 'overdue', due },
];
const person = { householdName: '雷大山', treasurerPhone: '13857801000' };
const domain = 'hz.example.cn';
const token = 'AbCdEfGhIjKlMnOpQrStUv';
const docs = readFileSync(new URL('../../../docs/sms-templates.md', import.meta.url), 'utf8');

describe('the templates a county registers with 阿里云短信 or 腾讯云短信', () => {
  const cases = samples.flatMap((content) => [
    { content, linkToken: token },
    { content, linkToken: undefined },
  ]);

  it('fill to exactly the text the preview renders, after the provider adds 【签名】', () => {
    for (const { content, linkToken } of cases) {
      const { text, message } = templateFor(content, { ...person, linkToken });
      const link = linkToken ? `https://${domain}/s/${linkToken}` : undefined;
      const preview = renderMessage(content, { ...person, signature: '竹垟村资金互助会', link });
      expect(`【竹垟村资金互助会】${fillTemplate(text, message.params, domain)}`).toBe(
        preview.text,
      );
    }
  });

  it('uses one of the twelve registered templates, each written down in docs/sms-templates.md', () => {
    const used = new Set<string>();
    for (const { content, linkToken } of cases) {
      const { text, message } = templateFor(content, { ...person, linkToken });
      expect(registeredTemplateIds).toContain(message.template);
      used.add(message.template);
      expect(docs, message.template).toContain(`| \`${message.template}\` | ${text} |`);
    }
    expect([...used].sort()).toEqual([...registeredTemplateIds].sort());
  });

  it('keeps links out of variables: the domain is template text, the token the only link variable', () => {
    for (const { content, linkToken } of cases) {
      const { text, message } = templateFor(content, { ...person, linkToken });
      if (linkToken) expect(text).toContain(`https://${linkDomainPlaceholder}/s/\${token}`);
      for (const [name, value] of message.params) {
        expect(value, name).not.toMatch(/https?:|\.cn|\//);
        expect([...value].length, name).toBeLessThanOrEqual(22);
      }
      // The name is masked, as in every SMS.
      expect(message.params[0]).toEqual(['name', '雷*山']);
    }
  });
});
