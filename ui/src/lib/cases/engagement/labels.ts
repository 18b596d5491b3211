import type { EngagementDetail, EngagementQuote, EngagementWorkItem } from '$lib/api-types';
import { serviceCategoryLabels } from './domain';

export const engagementStatusLabels: Record<EngagementDetail['status'], string> = {
  open: 'Open',
  on_hold: 'On hold',
  lost: 'Lost',
  cancelled: 'Cancelled',
  delivered: 'Delivered',
};

export const workItemStatusLabels: Record<EngagementWorkItem['status'], string> = {
  todo: 'To do',
  in_progress: 'In progress',
  review: 'In review',
  done: 'Done',
};

export const quoteStatusLabels: Record<EngagementQuote['status'], string> = {
  awaiting_approval: 'Awaiting approval',
  sent: 'Sent to the client',
  accepted: 'Accepted',
  declined: 'Declined',
  superseded: 'Superseded',
};

export const priorityLabels: Record<string, string> = { low: 'Low', normal: 'Normal', high: 'High', urgent: 'Urgent' };

export const serviceLabel = (category: string): string => serviceCategoryLabels[category as keyof typeof serviceCategoryLabels] ?? category;
