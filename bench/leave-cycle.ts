import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { HttpUser } from './http-user.ts';
import { oneDayLeaveForm } from './run-details.ts';
import { completeTask, expectStatus, findTask, waitFor } from './steps.ts';

// One leave request's whole journey through the API as the UI drives it: submit, the task in the
// manager's inbox, approve, shown approved to the employee.

export interface LeaveTeam {
  employee: HttpUser;
  manager: HttpUser;
}

export const leavePhases = ['submit', 'taskListed', 'approve', 'shownApproved'] as const;
export type LeavePhase = (typeof leavePhases)[number];

export async function submitLeave(employee: HttpUser, requestId: string, day: string): Promise<void> {
  const form = oneDayLeaveForm(requestId, day, 'Benchmark');
  expectStatus(await employee.post('/leave-requests', form), 201, `POST /api/leave-requests for ${day} by ${employee.name}`);
}

export const approveLeave = (manager: HttpUser, taskId: string) => completeTask(manager, taskId, { decision: 'approve' });

/** Submit → task listed → approve → shown approved; `phase` hears how long each step took. */
export async function leaveCycle(team: LeaveTeam, day: string, phase: (name: LeavePhase, ms: number) => void = () => {}): Promise<void> {
  const requestId = randomUUID();
  let at = performance.now();
  const done = (name: LeavePhase) => {
    const now = performance.now();
    phase(name, now - at);
    at = now;
  };
  await submitLeave(team.employee, requestId, day);
  done('submit');
  const task = await waitFor(team.manager, 'tasks', () => findTask(team.manager, requestId), `the task for ${requestId}`);
  done('taskListed');
  await approveLeave(team.manager, task.id);
  done('approve');
  await waitFor(
    team.employee,
    'leave',
    async () => {
      const answer = await team.employee.get(`/leave-requests/${requestId}`);
      expectStatus(answer, 200, `GET /api/leave-requests/${requestId}`);
      return answer.body.leaveRequest.status === 'approved';
    },
    `${requestId} to show approved`,
  );
  done('shownApproved');
}
