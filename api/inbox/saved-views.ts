import { and, asc, eq, or, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import type { Principal } from '../../db/queries/principal.ts';
import { departments, savedViews, users } from '../../db/schema/index.ts';
import { HttpError } from '../errors.ts';

type Viewer = Pick<Principal, 'id' | 'orgId' | 'departmentId'>;

/** A view's own columns, whose it is, and whom it is shared with. */
const viewColumns = {
  id: savedViews.id,
  name: savedViews.name,
  filters: savedViews.filters,
  ownerId: savedViews.ownerId,
  ownerName: users.name,
  sharedWithDepartmentId: savedViews.sharedWithDepartmentId,
  sharedWithDepartmentName: departments.name,
  createdAt: savedViews.createdAt,
  updatedAt: savedViews.updatedAt,
};

/**
 * Views the viewer may open: their own, and those shared with the department they belong to (the
 * department itself, not the ones nested in it: a team shares with its own members).
 */
const openableBy = (viewer: Viewer): SQL =>
  and(
    eq(savedViews.orgId, viewer.orgId),
    or(eq(savedViews.ownerId, viewer.id), viewer.departmentId ? eq(savedViews.sharedWithDepartmentId, viewer.departmentId) : undefined),
  )!;

async function selectViews(db: DbOrTx, viewer: Viewer, where?: SQL) {
  const rows = await db
    .select(viewColumns)
    .from(savedViews)
    .innerJoin(users, eq(users.id, savedViews.ownerId))
    .leftJoin(departments, eq(departments.id, savedViews.sharedWithDepartmentId))
    .where(and(openableBy(viewer), where))
    .orderBy(asc(savedViews.name), asc(savedViews.id));
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    filters: row.filters as Record<string, string>,
    owner: { id: row.ownerId, name: row.ownerName },
    mine: row.ownerId === viewer.id,
    shared: row.sharedWithDepartmentId !== null,
    sharedWithDepartment: row.sharedWithDepartmentId ? { id: row.sharedWithDepartmentId, name: row.sharedWithDepartmentName } : null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  }));
}

export type SavedView = Awaited<ReturnType<typeof selectViews>>[number];

export const listSavedViews = (db: DbOrTx, viewer: Viewer) => selectViews(db, viewer);

/** A view the viewer may open, else undefined (another's private view, another department's, none). */
export async function findSavedView(db: DbOrTx, viewer: Viewer, viewId: string): Promise<SavedView | undefined> {
  return (await selectViews(db, viewer, eq(savedViews.id, viewId)))[0];
}

/** The department a view is shared with: the owner's own; a person in none has no team to share with. */
export function sharingTarget(owner: Viewer, shared: boolean): string | null {
  if (!shared) return null;
  if (!owner.departmentId) {
    throw new HttpError(422, 'no_department', 'You belong to no department, so there is no team to share this view with.', [
      { path: 'sharedWithDepartment', message: 'you belong to no department' },
    ]);
  }
  return owner.departmentId;
}

const duplicateName = () =>
  new HttpError(409, 'duplicate_name', 'You already have a view with that name.', [
    { path: 'name', message: 'already used by one of your views' },
  ]);

/** The unique (owner, name) index is what refuses a duplicate, so two saves at once cannot both pass. */
async function unlessDuplicateName<T>(write: Promise<T>): Promise<T> {
  try {
    return await write;
  } catch (err) {
    const cause = (err as { cause?: { code?: string; constraint_name?: string } }).cause;
    if (cause?.code === '23505' && cause.constraint_name === 'saved_views_owner_name') throw duplicateName();
    throw err;
  }
}

export interface SavedViewInput {
  name: string;
  filters: Record<string, string>;
  sharedWithDepartmentId: string | null;
}

export async function createSavedView(db: DbOrTx, owner: Viewer, input: SavedViewInput): Promise<SavedView> {
  const [row] = await unlessDuplicateName(
    db
      .insert(savedViews)
      .values({ orgId: owner.orgId, ownerId: owner.id, ...input })
      .returning({ id: savedViews.id }),
  );
  return (await findSavedView(db, owner, row!.id))!;
}

const ownedBy = (owner: Viewer, viewId: string) =>
  and(eq(savedViews.orgId, owner.orgId), eq(savedViews.ownerId, owner.id), eq(savedViews.id, viewId));

export async function updateSavedView(db: DbOrTx, owner: Viewer, viewId: string, change: Partial<SavedViewInput>) {
  await unlessDuplicateName(
    db
      .update(savedViews)
      .set({ ...change, updatedAt: sql`now()` })
      .where(ownedBy(owner, viewId)),
  );
  return (await findSavedView(db, owner, viewId))!;
}

export async function deleteSavedView(db: DbOrTx, owner: Viewer, viewId: string) {
  await db.delete(savedViews).where(ownedBy(owner, viewId));
}
