import type { DbOrTx } from '../../db/client.ts';
import type { Principal } from '../../db/queries/principal.ts';
import { serviceCategoryLabels, type ServiceCategory } from '../../domain/leads.ts';
import type { CaseType } from '../cases/case-type.ts';
import { clientExportRoutes, clientRoutes } from './clients/routes.ts';
import { clientRouteRules } from './clients/route-rules.ts';
import { portalDocumentRoutes } from './documents/portal-routes.ts';
import { documentRouteRules } from './documents/route-rules.ts';
import { documentRoutes, documentUploadPaths } from './documents/routes.ts';
import { portalRoutes } from './portal-routes.ts';
import { publicEngagementRoutes } from './public-routes.ts';
import { engagementDetail, engagementsOf, findEngagement, presentEngagement, workItemsOf } from './read-model.ts';
import { engagementReportRoutes } from './reports/routes.ts';
import { engagementRouteRules } from './route-rules.ts';
import { engagementRoutes, engagementSettingsRoutes, leadRoutes } from './staff-routes.ts';

/**
 * What a task of an engagement shows of it. Whoever follows engagements (`engagements:view`) sees
 * what the engagement's own page shows them. Anyone else holds the task for one part of it (a work
 * item): they see its name and stage and their own items, never the lead's contact details, the
 * quotes or the client's feedback. Named, so that engagement/contract.ts can give the UI its type.
 */
export async function engagementPanel(db: DbOrTx, viewer: Principal, caseId: string) {
  const engagement = await findEngagement(db, viewer.orgId, caseId);
  if (!engagement) return null;
  if (viewer.grants.has('engagements:view')) return { engagement: await engagementDetail(db, engagement), yourWork: null };
  const { id, title, stage, stageLabel, status } = presentEngagement(engagement);
  return {
    engagement: null,
    yourWork: { engagement: { id, title, stage, stageLabel, status }, workItems: await workItemsOf(db, id, viewer.id) },
  };
}

const money = (minor: number | null, currency: string) => (minor === null ? null : `${(minor / 100).toFixed(2)} ${currency}`);

/** A client's engagement as a case type: from lead to delivery, one workflow and its work items. */
export const engagementCaseType: CaseType = {
  key: 'engagement',
  label: 'Client engagement',
  taskKinds: {
    'engagement-qualification': { label: 'Lead qualification' },
    'engagement-quote': { label: 'Quote preparation' },
    'engagement-quote-approval': { label: 'Quote approval', bulkDecision: true },
    'engagement-client-answer': { label: 'Client’s answer to a quote' },
    'engagement-onboarding': { label: 'Client onboarding' },
    'engagement-validation': { label: 'Onboarding validation' },
    'engagement-department-approval': { label: 'Department approval', bulkDecision: true },
    'engagement-breakdown': { label: 'Work breakdown' },
    'engagement-work': { label: 'Work item' },
    'engagement-review': { label: 'Work review' },
    'engagement-qa': { label: 'QA check' },
    'engagement-acceptance': { label: 'Client’s acceptance' },
  },
  fields: [
    { name: 'clientName', label: 'Client' },
    { name: 'serviceCategory', label: 'Service' },
    { name: 'value', label: 'Value' },
  ],
  async loadFields(db, orgId, caseIds) {
    const rows = await engagementsOf(db, orgId, caseIds);
    return new Map(
      rows.map(({ engagement, clientName }) => [
        engagement.id,
        {
          clientName,
          serviceCategory: serviceCategoryLabels[engagement.serviceCategory as ServiceCategory],
          value: money(engagement.valueMinor, engagement.currency),
        },
      ]),
    );
  },
  loadPanel: engagementPanel,
  async visibleTo(_db, viewer) {
    return viewer.grants.has('engagements:view');
  },
  auditKinds: [
    'engagement.captured',
    'engagement.quote_prepared',
    'engagement.quote_accepted',
    'engagement.quote_declined',
    'engagement.converted',
    'engagement.work_planned',
    'engagement.delivered',
    'engagement.feedback_given',
    'engagement.settings_changed',
    'client.note_added',
    'client.interaction_recorded',
    'client.follow_up_scheduled',
    'client.follow_up_done',
    'client.contact_added',
    'client.contact_updated',
    'client.tag_added',
    'client.tag_removed',
    'clients.exported',
    'document.uploaded',
    'document.version_uploaded',
    'document.shared',
    'document.unshared',
    'document.downloaded',
  ],
  timelineKinds: {
    captured: 'Lead captured',
    'quote.sent': 'Quote sent',
    'stage.qualification': 'Qualification',
    'stage.follow-up': 'Follow-up scheduled',
    'stage.quote': 'Quote',
    'stage.quote-approval': 'Quote approval',
    'stage.client-answer': 'Waiting for the client',
    'stage.onboarding': 'Onboarding',
    'stage.validation': 'Validation',
    'stage.approvals': 'Department approvals',
    'stage.breakdown': 'Work breakdown',
    'stage.execution': 'Execution',
    'stage.qa': 'QA',
    'stage.delivery': 'Delivery',
    'status.on_hold': 'On hold',
    'status.open': 'Resumed',
    'status.lost': 'Lost',
    'status.cancelled': 'Cancelled',
    'status.delivered': 'Delivered',
    'feedback.given': 'Client feedback',
  },
  routes: [
    { path: '/leads', router: leadRoutes },
    { path: '/engagements', router: engagementRoutes },
    { path: '/engagements/reports', router: engagementReportRoutes },
    { path: '/admin/engagement-settings', router: engagementSettingsRoutes },
    { path: '/public', router: publicEngagementRoutes },
    { path: '/portal', router: portalRoutes },
    { path: '/clients.csv', router: clientExportRoutes },
    { path: '/clients', router: clientRoutes },
    { path: '/documents', router: documentRoutes },
    { path: '/portal/documents', router: portalDocumentRoutes },
  ],
  routeRules: { ...engagementRouteRules, ...clientRouteRules, ...documentRouteRules },
  fileUploadPaths: documentUploadPaths,
};
