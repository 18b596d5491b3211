// What each report section of the page shows, worked out from the API's answers: its charts and the
// table beside them hold the same figures (and the CSV export the same again, from the API).
import type { ConversionReport, CycleTimeReport, EngagementReportChart, SlaBreachReport, WonValueReport } from '$lib/api-types';
import type { Column } from '$lib/components/record-table.svelte';
import { formatMoney } from '$lib/money';
import type { ChartBar, ChartSpec } from './bar-chart.svelte';

export interface ReportSectionSpec {
  id: string;
  title: string;
  /** Its CSV export. */
  chart: EngagementReportChart;
  /** Said instead of charts and table when there is nothing to show. */
  empty: string | null;
  charts: ChartSpec[];
  columns: Column[];
  /** Each row's heading (its first cell) and the rest of its cells, as text. */
  rows: { key: string; heading: string; cells: string[] }[];
  note?: string;
}

export interface Reports {
  conversion: ConversionReport;
  cycleTimes: CycleTimeReport;
  slaBreaches: SlaBreachReport;
  wonValue: WonValueReport;
}

const count = (n: number) => String(n);
const numeric = (label: string): Column => ({ label, numeric: true });
const hoursText = (hours: number) => `${Number(hours.toFixed(1))} h`;

/** A stay's length as people say it: minutes, hours, or days beyond two. */
export function duration(seconds: number): string {
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  if (seconds < 48 * 3600) return hoursText(seconds / 3600);
  return `${Number((seconds / 86_400).toFixed(1))} d`;
}

const nothingCaptured = 'No engagement was captured with these filters.';
const noTasks = 'These engagements have no tasks.';
const breachColumns = ['Tasks', 'Breaches', 'Completed late', 'Open past due', 'Escalated'].map(numeric);
type BreachCounts = Pick<SlaBreachReport['byStage'][number], 'tasks' | 'breaches' | 'late' | 'overdue' | 'escalated'>;
const breachCells = (c: BreachCounts) => [c.tasks, c.breaches, c.late, c.overdue, c.escalated].map(count);
const breachChart = (title: string, categoryLabel: string, bars: ChartBar[]): ChartSpec => ({
  title,
  categoryLabel,
  valueLabel: 'Tasks in breach',
  series: [{ label: 'Breaches' }],
  bars,
  format: count,
  minStep: 1,
});

export function reportSections({ conversion, cycleTimes, slaBreaches, wonValue }: Reports): ReportSectionSpec[] {
  return [
    {
      id: 'conversion-stage',
      title: 'Conversion by stage',
      chart: 'conversion-by-stage',
      empty: conversion.captured === 0 ? nothingCaptured : null,
      charts: [
        {
          title: `Engagements that reached each stage, of ${conversion.captured} captured`,
          categoryLabel: 'Stage',
          valueLabel: 'Engagements',
          series: [{ label: 'Reached' }],
          bars: conversion.stages.filter((s) => s.reached > 0).map((s) => ({ label: s.label, values: [s.reached] })),
          format: count,
          minStep: 1,
        },
      ],
      columns: ['Stage', numeric('Reached')],
      rows: conversion.stages.map((s) => ({ key: s.stage, heading: s.label, cells: [count(s.reached)] })),
    },
    {
      id: 'conversion-source',
      title: 'Conversion by lead source',
      chart: 'conversion-by-source',
      empty: conversion.sources.length === 0 ? nothingCaptured : null,
      charts: [
        {
          title: 'Engagements per lead source: captured, qualified, won and delivered',
          categoryLabel: 'Lead source',
          valueLabel: 'Engagements',
          series: [{ label: 'Captured' }, { label: 'Qualified' }, { label: 'Won' }, { label: 'Delivered' }],
          bars: conversion.sources.map((s) => ({ label: s.label, values: [s.captured, s.qualified, s.won, s.delivered] })),
          format: count,
          minStep: 1,
        },
      ],
      columns: ['Source', ...['Captured', 'Qualified', 'Won', 'Delivered'].map(numeric)],
      rows: conversion.sources.map((s) => ({
        key: s.source,
        heading: s.label,
        cells: [s.captured, s.qualified, s.won, s.delivered].map(count),
      })),
      note: 'Qualified: reached the quote. Won: the client accepted a quote (reached onboarding).',
    },
    {
      id: 'cycle-times',
      title: 'Time spent in each stage',
      chart: 'cycle-times',
      empty: cycleTimes.stages.length === 0 ? 'No stay in a stage has ended yet for these engagements.' : null,
      charts: [
        {
          title: 'Hours spent in each stage, median and 90th percentile of the finished stays',
          categoryLabel: 'Stage',
          valueLabel: 'Hours',
          series: [{ label: 'Median' }, { label: '90th percentile' }],
          bars: cycleTimes.stages.map((s) => ({ label: s.label, values: [s.medianSeconds / 3600, s.p90Seconds / 3600] })),
          format: hoursText,
        },
      ],
      columns: ['Stage', ...['Stays', 'Median', '90th percentile'].map(numeric)],
      rows: cycleTimes.stages.map((s) => ({
        key: s.stage,
        heading: s.label,
        cells: [count(s.stays), duration(s.medianSeconds), duration(s.p90Seconds)],
      })),
      note: 'Each round of a stage sent back to is a stay of its own; stays still going on are not counted.',
    },
    {
      id: 'sla-stage',
      title: 'SLA breaches by stage',
      chart: 'sla-breaches-by-stage',
      empty: slaBreaches.byStage.length === 0 ? noTasks : null,
      charts: [
        breachChart(
          'Tasks that missed their SLA (completed late, open past due or escalated), per stage',
          'Stage',
          slaBreaches.byStage.map((s) => ({ label: s.label, values: [s.breaches] })),
        ),
      ],
      columns: ['Stage', ...breachColumns],
      rows: slaBreaches.byStage.map((s) => ({ key: s.stage, heading: s.label, cells: breachCells(s) })),
    },
    {
      id: 'sla-department',
      title: 'SLA breaches by department',
      chart: 'sla-breaches-by-department',
      empty: slaBreaches.byDepartment.length === 0 ? noTasks : null,
      charts: [
        breachChart(
          'Tasks that missed their SLA, per department of their engagement',
          'Department',
          slaBreaches.byDepartment.map((d) => ({ label: d.department, values: [d.breaches] })),
        ),
      ],
      columns: ['Department', ...breachColumns],
      rows: slaBreaches.byDepartment.map((d) => ({ key: d.departmentId ?? 'none', heading: d.department, cells: breachCells(d) })),
      note: 'A task counts under each department of its engagement.',
    },
    {
      id: 'won-value',
      title: 'Value won per month',
      chart: 'won-value',
      empty: wonValue.currencies.length === 0 ? 'No quote of these engagements has been accepted.' : null,
      charts: wonValue.currencies.map(({ currency, months }) => ({
        title: `Accepted quotes’ totals in ${currency} per month of acceptance (${wonValue.timeZone})`,
        categoryLabel: 'Month',
        valueLabel: `Won (${currency})`,
        series: [{ label: 'Won' }],
        bars: months.map((m) => ({ label: m.month, values: [m.wonMinor] })),
        format: (amountMinor) => formatMoney({ amountMinor, currency }),
        minStep: 1,
      })),
      columns: ['Month', 'Currency', numeric('Won'), numeric('Quotes')],
      rows: wonValue.currencies.flatMap(({ months }) =>
        months.map((m) => ({
          key: `${m.currency}-${m.month}`,
          heading: m.month,
          cells: [m.currency, formatMoney({ amountMinor: m.wonMinor, currency: m.currency }), count(m.quotes)],
        })),
      ),
      note: `Months as they are in ${wonValue.timeZone}.`,
    },
  ];
}
