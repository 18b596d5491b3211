import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { LeadSource, ServiceCategory } from '../../domain/leads.ts';
import type { QuoteLine } from '../../domain/quote.ts';
import type { PlannedItem } from '../../domain/work-plan.ts';
import type { Actor, Assignee } from '../human-task/messages.ts';

export interface Person {
  id: string;
  name: string;
  email: string;
}

/** The lead as captured; personal, so it travels only in the (encrypted) input. */
export interface LeadDetails {
  leadId: string;
  contactName: string;
  email: string | null;
  phone: string | null;
  company: string | null;
  source: LeadSource;
  serviceCategory: ServiceCategory;
  budgetMinor: number | null;
  currency: string;
  notes: string | null;
  score: number;
  possibleDuplicateOfId: string | null;
  capturedVia: 'staff' | 'web_form' | 'api';
}

export interface EngagementPolicy {
  quoteApprovalAboveMinor: number;
  quoteValidDays: number;
  followUpAfterDays: number;
  /** Hours each stage's task may take; absent or 0: no due time. */
  slaHours: Partial<Record<EngagementStage, number>>;
}

export interface EngagementInput {
  engagementId: string;
  orgId: string;
  title: string;
  lead: LeadDetails;
  /** Whom the engagement's tasks are about (the capturing agent, else the first admin). */
  owner: Person;
  /** The sales agent who prepares the quote, when the lead came from one who may. */
  salesAgent: Assignee | null;
  capturedBy: Person | null;
  capturedFrom: string | null;
  capturedAt: string;
  /** The organisation's zone: a follow-up date wakes the process on that day there. */
  timeZone: string;
  policy: EngagementPolicy;
}

export const engagementStages = [
  'qualification',
  'follow-up',
  'quote',
  'quote-approval',
  'client-answer',
  'onboarding',
  'validation',
  'approvals',
  'breakdown',
  'execution',
  'qa',
  'delivery',
  'closed',
] as const;
export type EngagementStage = (typeof engagementStages)[number];

export type EngagementStatus = 'open' | 'on_hold' | 'lost' | 'cancelled' | 'delivered';

export interface EngagementState {
  stage: EngagementStage;
  status: EngagementStatus;
}

export interface SubmitQuoteInput {
  actor: Actor;
  lines: QuoteLine[];
}

export interface QuoteAnswerInput {
  /** The quote version the link was for: an answer to an older one is refused. */
  version: number;
  accepted: boolean;
  reason: string | null;
  address: string | null;
}

export interface SubmitWorkPlanInput {
  actor: Actor;
  items: PlannedItem[];
}

export interface DeliveryAnswerInput {
  /** The client contact's sign-in. */
  clientUserId: string;
  accepted: boolean;
  changes: string | null;
  address: string | null;
}

export interface ManageInput {
  actor: Pick<Actor, 'userId' | 'name' | 'permissions' | 'address'>;
  reason: string | null;
}

/** Sent with the start (update-with-start): answers once the lead and its engagement are recorded. */
export const captureLeadUpdate = defineUpdate<EngagementState, []>('captureLead');
export const submitQuoteUpdate = defineUpdate<{ version: number; totalMinor: number; needsApproval: boolean }, [SubmitQuoteInput]>(
  'submitQuote',
);
export const answerQuoteUpdate = defineUpdate<EngagementState, [QuoteAnswerInput]>('answerQuote');
export const submitWorkPlanUpdate = defineUpdate<{ items: number }, [SubmitWorkPlanInput]>('submitWorkPlan');
export const answerDeliveryUpdate = defineUpdate<EngagementState, [DeliveryAnswerInput]>('answerDelivery');
export const holdEngagementUpdate = defineUpdate<EngagementState, [ManageInput]>('holdEngagement');
export const resumeEngagementUpdate = defineUpdate<EngagementState, [ManageInput]>('resumeEngagement');
export const cancelEngagementUpdate = defineUpdate<EngagementState, [ManageInput]>('cancelEngagement');
/** A closer brings a lead back before its follow-up date. */
export const followUpNowUpdate = defineUpdate<EngagementState, [ManageInput]>('followUpNow');
export const engagementStateQuery = defineQuery<EngagementState>('engagementState');

/** To a work item's workflow: the engagement went on hold, resumed, or was cancelled. */
export const workItemControlSignal = defineSignal<[{ command: 'hold' | 'resume' | 'cancel'; reason: string | null }]>('workItemControl');

export interface LogTimeInput {
  actor: Pick<Actor, 'userId' | 'name' | 'address'>;
  minutes: number;
  loggedOn: string;
  note: string | null;
  /** The client's id for the entry: a double click logs it once. */
  entryKey: string;
}
export const startWorkUpdate = defineUpdate<{ status: string }, [{ actor: Pick<Actor, 'userId' | 'name' | 'address'> }]>('startWork');
export const logTimeUpdate = defineUpdate<{ loggedMinutes: number }, [LogTimeInput]>('logTime');

export interface WorkItemInput {
  engagementId: string;
  orgId: string;
  owner: Person;
  item: PlannedItem & { title: string };
  assignee: Assignee;
  /** 1 for the first pass; QA returns and change requests open later rounds. */
  round: number;
  /** Why this round opened (QA's findings, the client's changes). */
  findings: string | null;
  reviewQueueLabel: string;
  slaHours: number;
  clientName: string;
}

export const EngagementFailure = {
  notAllowed: 'NotAllowed',
  wrongStage: 'WrongStage',
  invalid: 'InvalidInput',
  refused: 'EngagementRefused',
} as const;

export const engagementWorkflowId = (engagementId: string) => `engagement-${engagementId}`;
export const workItemWorkflowId = (engagementId: string, key: string, round: number) => `engagement-${engagementId}-item-${key}-r${round}`;
