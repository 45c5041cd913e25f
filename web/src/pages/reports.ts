/**
 * Reports: the monthly 公示 (the API's own A4 page, shown and printed here; or its Excel
 * file) and the year-end distribution (preview, then booked once).
 */
import type { DistributionView } from '../api-types.ts';
import { associationId, type Ctx, type Page } from '../context.ts';
import { forgetBooks } from '../data.ts';
import { h, replaceChildren } from '../dom.ts';
import { monthOf, todayInShanghai } from '../format.ts';
import { amount, errorView, field, heading, keyValues, notice, table } from '../ui.ts';
import { submitWrite } from '../submit-write.ts';

function postingSection(ctx: Ctx): HTMLElement {
  const { t } = ctx;
  const aid = associationId(ctx);
  const status = h('div');
  const frame = h('div', { class: 'posting' });
  const month = h('input', {
    type: 'month',
    name: 'month',
    value: ctx.query.get('month') ?? monthOf(todayInShanghai()),
    max: monthOf(todayInShanghai()),
    required: true,
  });
  const path = (format: string) =>
    `/associations/${aid}/public-postings/${month.value}?format=${format}`;
  const show = async () => {
    replaceChildren(status, notice('info', t('common.loading')));
    try {
      // The page needs the bearer token, so it is fetched, then shown from a blob: URL.
      const html = await ctx.api.text(path('html'));
      const src = URL.createObjectURL(new Blob([html], { type: 'text/html' }));
      const iframe = h('iframe', { title: t('reports.posting'), src });
      // Loaded once, the page needs its address no more (printing works from the document).
      iframe.addEventListener('load', () => URL.revokeObjectURL(src), { once: true });
      replaceChildren(
        frame,
        h(
          'button',
          { type: 'button', onclick: () => iframe.contentWindow?.print() },
          t('reports.print'),
        ),
        h('div', { class: 'posting-page' }, iframe),
      );
      status.replaceChildren();
    } catch (error) {
      replaceChildren(status, errorView(t, error));
    }
  };
  const download = async () => {
    try {
      const blob = await ctx.api.blob(path('xlsx'));
      const href = URL.createObjectURL(blob);
      h('a', { href, download: `${aid}-${month.value}.xlsx` }).click();
      setTimeout(() => URL.revokeObjectURL(href), 60_000);
    } catch (error) {
      replaceChildren(status, errorView(t, error));
    }
  };
  return h(
    'div',
    null,
    h('h2', null, t('reports.posting')),
    h(
      'div',
      { class: 'form inline' },
      field(t('reports.month'), month),
      h(
        'button',
        { type: 'button', class: 'primary', onclick: () => void show() },
        t('reports.show'),
      ),
      h('button', { type: 'button', onclick: () => void download() }, t('reports.xlsx')),
    ),
    status,
    frame,
  );
}

function distributionView(
  ctx: Ctx,
  view: DistributionView,
  show: (view: DistributionView) => void,
): HTMLElement {
  const { t } = ctx;
  const aid = associationId(ctx);
  const status = h('div');
  const parts = ['riskReserve', 'capital', 'welfare', 'runningCosts', 'shareReturn'] as const;
  const confirm = h('form', { class: 'form' });
  const askFirst = () =>
    replaceChildren(
      confirm,
      notice('info', t('distribution.confirm', { year: view.year })),
      h(
        'div',
        { class: 'row' },
        h('button', { type: 'submit', class: 'primary' }, t('distribution.post')),
        h(
          'button',
          { type: 'button', onclick: () => confirm.replaceChildren(postButton) },
          t('common.cancel'),
        ),
      ),
      status,
    );
  const postButton = h(
    'button',
    { type: 'button', class: 'primary', onclick: askFirst },
    t('distribution.post'),
  );
  confirm.append(postButton);
  confirm.addEventListener('submit', (event) => {
    event.preventDefault();
    void submitWrite(
      ctx,
      confirm,
      status,
      {
        path: `/associations/${aid}/distributions/${view.year}`,
        label: t('label.distribution', { year: view.year }),
      },
      (posted) => {
        forgetBooks(ctx);
        show(posted as DistributionView);
      },
    );
  });
  return h(
    'div',
    null,
    keyValues([
      [t('distribution.income'), amount(view.income.total)],
      [t('distribution.costs'), amount(view.costs.total)],
      [t('distribution.netIncome'), amount(view.netIncome)],
      [t('distribution.distributable'), amount(view.distributable)],
    ]),
    table(
      [t('distribution.part'), '%', t('distribution.amount')],
      parts.map((p) => [t(`distribution.${p}`), view.percentages[p], amount(view.parts[p])]),
      [1, 2],
    ),
    view.memberReturns.length
      ? [
          h('h3', null, t('distribution.returns')),
          table(
            [
              t('member.id'),
              t('member.name'),
              t('distribution.shareDays'),
              t('distribution.amount'),
            ],
            view.memberReturns.map((r) => [
              r.memberId,
              r.name,
              String(r.shareDays),
              amount(r.amount),
            ]),
            [2, 3],
          ),
        ]
      : null,
    view.posted
      ? notice('ok', t('distribution.posted', { entry: view.posted.entryId }))
      : view.yearEnded
        ? confirm
        : notice('info', t('distribution.notEnded')),
  );
}

function distributionSection(ctx: Ctx): HTMLElement {
  const { t } = ctx;
  const aid = associationId(ctx);
  const result = h('div');
  const lastYear = String(Number(todayInShanghai().slice(0, 4)) - 1);
  const year = h('input', {
    type: 'number',
    name: 'year',
    min: 2000,
    max: 2100,
    value: ctx.query.get('year') ?? lastYear,
    required: true,
  });
  const show = async () => {
    replaceChildren(result, notice('info', t('common.loading')));
    try {
      const view = await ctx.api.get<DistributionView>(
        `/associations/${aid}/distributions/${year.value}/preview`,
      );
      const draw = (shown: DistributionView) =>
        replaceChildren(result, distributionView(ctx, shown, draw));
      draw(view);
    } catch (error) {
      replaceChildren(result, errorView(t, error));
    }
  };
  return h(
    'div',
    null,
    h('h2', null, t('reports.distribution')),
    h(
      'div',
      { class: 'form inline' },
      field(t('reports.year'), year),
      h(
        'button',
        { type: 'button', class: 'primary', onclick: () => void show() },
        t('reports.show'),
      ),
    ),
    result,
  );
}

export const reportsPage: Page = async (ctx) =>
  h('section', null, heading(ctx.t('nav.reports')), postingSection(ctx), distributionSection(ctx));
