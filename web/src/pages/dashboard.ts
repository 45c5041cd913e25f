/**
 * The federation dashboard: every association's overdue rate and liquidity (the share of its
 * fund lent out) as a chart against the API's own warning lines, and the full table, each
 * association rated green, yellow or red by the API.
 */
import type { DashboardView } from '../api-types.ts';
import type { Ctx, Page } from '../context.ts';
import { dashboard } from '../data.ts';
import { h, svg } from '../dom.ts';
import { formatPercent, todayInShanghai } from '../format.ts';
import { amount, asOfPicker, date, heading, keyValues, link, ratingBadge, table } from '../ui.ts';

const colours = { green: '#2e7d32', yellow: '#c79100', red: '#c62828' } as const;

/**
 * Percentages are ratios the API computed, not money: turning one into a bar's length is
 * the only arithmetic the console does.
 */
const percentValue = (text: string) => (/^\d+(\.\d+)?$/.test(text) ? Number(text) : 0);

function bars(
  ctx: Ctx,
  view: DashboardView,
  title: string,
  value: (a: DashboardView['associations'][number]) => string,
  lines: { yellow: string; red: string },
  scaleTo: number,
): HTMLElement {
  const rowHeight = 22;
  const labelWidth = 92;
  const width = 360;
  const plot = width - labelWidth - 52;
  const height = view.associations.length * rowHeight + 24;
  const x = (percent: number) => labelWidth + (Math.min(percent, scaleTo) / scaleTo) * plot;
  const chart = svg(
    'svg',
    { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': title, class: 'chart' },
    view.associations.map((a, i) => {
      const y = i * rowHeight + 4;
      const percent = percentValue(value(a));
      return [
        svg(
          'text',
          { x: 0, y: y + 14, class: 'label' },
          a.name.replace(/^.*?乡/, '').replace(/资金互助会$/, '') || a.associationId,
        ),
        svg('rect', {
          x: labelWidth,
          y,
          width: Math.max(1, x(percent) - labelWidth),
          height: rowHeight - 6,
          fill: colours[a.rating],
        }),
        svg('text', { x: x(percent) + 4, y: y + 14, class: 'value' }, formatPercent(value(a))),
      ];
    }),
    (['yellow', 'red'] as const).map((level) => {
      const at = x(percentValue(lines[level]));
      return svg('line', {
        x1: at,
        x2: at,
        y1: 0,
        y2: height - 20,
        stroke: colours[level],
        'stroke-dasharray': '4 3',
      });
    }),
    svg('text', { x: labelWidth, y: height - 6, class: 'axis' }, `0% — ${scaleTo}%`),
  );
  return h('figure', { class: 'chart-box' }, h('figcaption', null, title), chart);
}

export const dashboardPage: Page = async (ctx) => {
  const { t } = ctx;
  const asOf = ctx.query.get('asOf') ?? todayInShanghai();
  const view = await dashboard(ctx, asOf);
  const picker = asOfPicker(ctx, 'dashboard', asOf);
  const overdueTop = Math.max(
    percentValue(view.thresholds.overdueRatePercent.red) * 2,
    ...view.associations.map((a) => percentValue(a.overdueRatePercent)),
  );
  const totals = view.totals;
  return h(
    'section',
    null,
    heading(t('nav.dashboard')),
    picker,
    h('p', null, t('dashboard.asOf', { date: date(ctx, view.asOf) })),
    h(
      'div',
      { class: 'tiles summary' },
      (['green', 'yellow', 'red'] as const).map((r) =>
        h(
          'div',
          { class: `tile ${r}` },
          h('strong', null, String(totals.ratings[r])),
          ratingBadge(t, r),
        ),
      ),
    ),
    keyValues([
      [t('dashboard.fund'), amount(totals.fund)],
      [t('dashboard.outstanding'), amount(totals.outstanding)],
      [t('dashboard.overdueRate'), formatPercent(totals.overdueRatePercent)],
      [t('dashboard.cash'), amount(totals.cashOnHand)],
    ]),
    h(
      'div',
      { class: 'charts' },
      bars(
        ctx,
        view,
        t('dashboard.chartOverdue'),
        (a) => a.overdueRatePercent,
        view.thresholds.overdueRatePercent,
        Math.ceil(overdueTop) || 10,
      ),
      bars(
        ctx,
        view,
        t('dashboard.chartLentOut'),
        (a) => a.lentOutPercent,
        view.thresholds.lentOutSharePercent,
        100,
      ),
    ),
    table(
      [
        t('dashboard.association'),
        t('dashboard.rating'),
        t('dashboard.members'),
        t('dashboard.fund'),
        t('dashboard.outstanding'),
        t('dashboard.overdueRate'),
        'PAR30',
        t('dashboard.lentOut'),
        t('dashboard.cash'),
        t('dashboard.reasons'),
      ],
      view.associations.map((a) => [
        // To the association's books (试算平衡, 结账).
        h(
          'span',
          null,
          link(`#/books?association=${a.associationId}`, a.name),
          h('br'),
          h('small', null, a.associationId),
        ),
        // A rating that is not green opens who to call: the overdue loans and their phones.
        a.rating === 'green'
          ? ratingBadge(t, a.rating)
          : link(`#/overdue?association=${a.associationId}`, [
              ratingBadge(t, a.rating),
              ' ',
              t('overdue.open'),
            ]),
        String(a.members),
        amount(a.fund),
        amount(a.outstanding),
        formatPercent(a.overdueRatePercent),
        formatPercent(a.par30Percent),
        formatPercent(a.lentOutPercent),
        amount(a.cashOnHand),
        a.reasons.join('；') || '—',
      ]),
      [2, 3, 4, 5, 6, 7, 8],
    ),
  );
};
