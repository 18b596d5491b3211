import type { Client } from '@temporalio/client';
import type { Principal } from '../../db/queries/principal.ts';
import { TaskFailure, type Actor } from '../../workflows/human-task/messages.ts';
import { EngagementFailure, engagementWorkflowId } from '../../workflows/engagement/messages.ts';
import { commandProcess, type FailureAnswers } from '../temporal-errors.ts';

/** How the engagement's refusals (its own and the kit's) read over HTTP. */
export const engagementFailureAnswers: FailureAnswers = {
  // The kit's refusal of the same name reads the same.
  [EngagementFailure.notAllowed]: { status: 403, code: 'not_allowed' },
  [EngagementFailure.wrongStage]: { status: 409, code: 'wrong_stage' },
  [EngagementFailure.invalid]: { status: 422, code: 'invalid_input' },
  [TaskFailure.conflict]: { status: 409, code: 'task_conflict' },
  [TaskFailure.notOpen]: { status: 409, code: 'task_not_open' },
  [TaskFailure.unknownTask]: { status: 409, code: 'wrong_stage' },
};

/**
 * The signed-in person as the engagement's validators see them. Engagement permissions reach the
 * whole organisation, so what the person holds at all is what they hold over the case.
 */
export const engagementActor = (principal: Principal, address: string | null): Actor => ({
  userId: principal.id,
  name: principal.name,
  email: principal.email,
  roles: principal.roles,
  departmentId: principal.departmentId,
  permissions: [...principal.grants.keys()],
  address,
});

export function commandEngagement<T>(
  temporal: Client,
  engagementId: string,
  send: (handle: ReturnType<Client['workflow']['getHandle']>) => Promise<T>,
) {
  return commandProcess(temporal, engagementFailureAnswers, () => send(temporal.workflow.getHandle(engagementWorkflowId(engagementId))));
}
