/**
 * The farmer's loan page, rendered on the server: plain HTML and one hashed <style>, no
 * script, readable on a 360 px phone, a few KB. Pure: the view model in, the HTML out. Every
 * text that comes from data is escaped.
 */
import type { BusinessDate } from '#domain/dates.ts';
import { chineseDate } from '#domain/messages/templates.ts';
import type { Money } from '#domain/money.ts';
import { pageCss } from './page-style.ts';

export type InstallmentStatus = 'paid' | 'due' | 'overdue' | 'not-due' | 'written-off';
export type LoanPageStatus = 'current' | 'overdue' | 'paid-off' | 'written-off';

export interface LoanPageView {
  associationName: string;
  treasurerPhone: string;
  /** Already masked: 张*华. */
  householdName: string;
  loanAmount: Money;
  disbursedOn: BusinessDate;
  status: LoanPageStatus;
  overdueDays: number;
  /** What is due today: overdue and due installments, fees, the penalty. */
  owedNow: Money;
  principalOutstanding: Money;
  nextDue?: { dueOn: BusinessDate; amount: Money };
  schedule: {
    number: number;
    dueOn: BusinessDate;
    principal: Money;
    fee: Money;
    /** Still owed on this installment. */
    outstanding: Money;
    status: InstallmentStatus;
  }[];
  repayments: { on: BusinessDate; amount: Money; principal: Money; fee: Money; penalty: Money }[];
  /** 贴息 paid out to the household for this loan. */
  subsidyReceived: Money;
  /** 贴息 the county has paid for this loan that the association still holds for them. */
  subsidyHeld: Money;
  paidOffOn?: BusinessDate;
  asOf: BusinessDate;
}

const entities: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => entities[c] ?? c);
}

function page(title: string, content: string): string {
  return (
    '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width,initial-scale=1">' +
    '<meta name="robots" content="noindex"><meta name="referrer" content="no-referrer">' +
    `<title>${escapeHtml(title)}</title><style>${pageCss}</style></head>` +
    `<body><main>${content}</main></body></html>`
  );
}

function phoneLink(phone: string): string {
  const digits = phone.replace(/[^\d+]/g, '');
  return `<a href="tel:${escapeHtml(digits)}">${escapeHtml(phone)}</a>`;
}

const installmentLabels: Record<InstallmentStatus, string> = {
  paid: '已还清',
  due: '今日到期',
  overdue: '逾期',
  'not-due': '未到期',
  'written-off': '已核销',
};

function statusLine(view: LoanPageView): string {
  switch (view.status) {
    case 'overdue':
      return `<p class="status overdue">已逾期 ${view.overdueDays} 天，请尽快还款。</p>`;
    case 'paid-off':
      return `<p class="status">借款已全部还清${
        view.paidOffOn ? `（${chineseDate(view.paidOffOn)}）` : ''
      }，谢谢！</p>`;
    case 'written-off':
      return '<p class="status overdue">此笔借款已核销，详情请联系出纳。</p>';
    case 'current':
      return '<p class="status">还款正常。</p>';
  }
}

function card(label: string, value: string, note = '', extraClass = ''): string {
  return (
    `<div class="card${extraClass}"><span>${label}</span><b>${value}</b>` +
    `${note ? `<span>${note}</span>` : ''}</div>`
  );
}

export function renderLoanPage(view: LoanPageView): string {
  const next = view.nextDue;
  const cards = [
    card('借款金额', view.loanAmount.format(), `${chineseDate(view.disbursedOn)}放款`),
    card('现在应还', view.owedNow.format(), '含到期未还和加收占用费', ' due'),
    card(
      '下次还款',
      next ? next.amount.format() : '—',
      next ? chineseDate(next.dueOn) : '没有未到期的还款',
    ),
    card('剩余本金', view.principalOutstanding.format()),
    card(
      '已收到贴息',
      view.subsidyReceived.format(),
      view.subsidyHeld.isPositive() ? `另有${view.subsidyHeld.format()}已到账，待领取` : undefined,
    ),
  ].join('');

  const scheduleRows = view.schedule
    .map(
      (row) =>
        `<tr${row.status === 'overdue' ? ' class="overdue-row"' : ''}>` +
        `<td>${row.number}</td><td>${row.dueOn}</td>` +
        `<td class="num">${row.principal.plus(row.fee).format()}` +
        `<small>本金${row.principal.format()}</small><small>占用费${row.fee.format()}</small>` +
        `${row.status !== 'paid' && !row.outstanding.isZero() ? `<small>未还${row.outstanding.format()}</small>` : ''}` +
        `</td><td>${installmentLabels[row.status]}</td></tr>`,
    )
    .join('');

  const repaymentRows = view.repayments.length
    ? view.repayments
        .map(
          (r) =>
            `<tr><td>${r.on}</td><td class="num">${r.amount.format()}</td>` +
            `<td><small>本金${r.principal.format()}</small><small>占用费${r.fee.format()}</small>` +
            `${r.penalty.isZero() ? '' : `<small>加收${r.penalty.format()}</small>`}</td></tr>`,
        )
        .join('')
    : '<tr><td colspan="3">还没有还款记录</td></tr>';

  return page(
    `${view.associationName} 借款查询`,
    `<header><h1>${escapeHtml(view.associationName)}</h1>` +
      `<p class="who">借款人：${escapeHtml(view.householdName)}</p></header>` +
      statusLine(view) +
      `<section class="cards">${cards}</section>` +
      '<h2>还款计划</h2><table><thead><tr><th class="n">期</th><th class="d">到期日</th>' +
      `<th class="num">应还</th><th class="st">状态</th></tr></thead><tbody>${scheduleRows}</tbody></table>` +
      '<h2>还款记录</h2><table><thead><tr><th class="d">日期</th><th class="num">金额</th><th>其中</th>' +
      `</tr></thead><tbody>${repaymentRows}</tbody></table>` +
      `<footer><p>数据截至${chineseDate(view.asOf)}（北京时间）。</p>` +
      `<p>如有疑问，请联系出纳：${phoneLink(view.treasurerPhone)}</p>` +
      '<p>此页面只供本户查看，请勿转发链接。</p></footer>',
  );
}

/** 404: the token is unknown (or malformed). Says nothing about any loan. */
export function renderNotFoundPage(): string {
  return page(
    '链接无效',
    '<header><h1>链接无效</h1></header>' +
      '<p>找不到这个链接。请核对短信中的链接是否完整，或联系您所在互助会的出纳。</p>',
  );
}

/** 410: the link was real but is no longer valid; whom to ask. */
export function renderGonePage(gone: {
  reason: 'expired' | 'revoked';
  associationName: string;
  treasurerPhone: string;
}): string {
  const title = gone.reason === 'expired' ? '链接已过期' : '链接已停用';
  const why =
    gone.reason === 'expired'
      ? '借款还清（或核销）30 天后，查询链接失效。'
      : '此链接已停用，请使用最新短信中的链接。';
  return page(
    title,
    `<header><h1>${title}</h1><p class="who">${escapeHtml(gone.associationName)}</p></header>` +
      `<p>${why}</p><p>如需查询，请联系出纳：${phoneLink(gone.treasurerPhone)}</p>`,
  );
}

/** 429: too many lookups from this address in a minute. */
export function renderTooManyRequestsPage(): string {
  return page(
    '请稍后再试',
    '<header><h1>请稍后再试</h1></header><p>查询过于频繁，请一分钟后再打开链接。</p>',
  );
}
