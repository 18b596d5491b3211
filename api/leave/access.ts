import type { DbOrTx } from '../../db/client.ts';
import type { Principal } from '../../db/queries/principal.ts';
import { caseTaskVisibleTo } from '../tasks/read-model.ts';

/** The employee sees their request; so does everyone who holds, held or is offered a task on it. */
export async function leaveRequestVisibleTo(
  db: DbOrTx,
  request: { id: string; orgId: string; employeeId: string },
  user: Principal,
): Promise<boolean> {
  if (request.employeeId === user.id) return true;
  return caseTaskVisibleTo(db, user, 'leave', request.id);
}
