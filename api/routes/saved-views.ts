import { Hono, type Context } from 'hono';
import { deniedRecord } from '../access/denied.ts';
import type { AppEnv } from '../context.ts';
import { HttpError } from '../errors.ts';
import { checkedFilters, newSavedViewSchema, savedViewChangeSchema, savedViewIdParam } from '../inbox/saved-view-schemas.ts';
import {
  createSavedView,
  deleteSavedView,
  findSavedView,
  listSavedViews,
  sharingTarget,
  updateSavedView,
  type SavedViewInput,
} from '../inbox/saved-views.ts';
import { validate } from '../validation.ts';

type ViewContext = Context<AppEnv, string, { out: { param: { id: string } } }>;

/** A view the signed-in person may open, or a 404 (and an audit entry) for anyone else. */
async function openableView(c: ViewContext) {
  const view = await findSavedView(c.var.deps.db, c.var.user, c.req.valid('param').id);
  if (!view) throw await deniedRecord(c, 'saved_view', c.req.valid('param').id);
  return view;
}

/** Their own view: a teammate who may open a shared one still may not change or delete it. */
async function ownView(c: ViewContext) {
  const view = await openableView(c);
  if (!view.mine) throw new HttpError(403, 'not_owner', `Only ${view.owner.name}, who saved this view, may change or delete it.`);
  return view;
}

export const savedViewRoutes = new Hono<AppEnv>()
  .get('/', async (c) => c.json({ views: await listSavedViews(c.var.deps.db, c.var.user) }))
  .post('/', validate('json', newSavedViewSchema), async (c) => {
    const { name, filters, sharedWithDepartment } = c.req.valid('json');
    const input = {
      name,
      filters: checkedFilters(filters),
      sharedWithDepartmentId: sharingTarget(c.var.user, sharedWithDepartment ?? false),
    };
    return c.json({ view: await createSavedView(c.var.deps.db, c.var.user, input) }, 201);
  })
  .get('/:id', validate('param', savedViewIdParam), async (c) => c.json({ view: await openableView(c) }))
  .patch('/:id', validate('param', savedViewIdParam), validate('json', savedViewChangeSchema), async (c) => {
    const view = await ownView(c);
    const { name, filters, sharedWithDepartment } = c.req.valid('json');
    const change: Partial<SavedViewInput> = {
      ...(name === undefined ? {} : { name }),
      ...(filters === undefined ? {} : { filters: checkedFilters(filters) }),
      ...(sharedWithDepartment === undefined ? {} : { sharedWithDepartmentId: sharingTarget(c.var.user, sharedWithDepartment) }),
    };
    return c.json({ view: await updateSavedView(c.var.deps.db, c.var.user, view.id, change) });
  })
  .delete('/:id', validate('param', savedViewIdParam), async (c) => {
    const view = await ownView(c);
    await deleteSavedView(c.var.deps.db, c.var.user, view.id);
    return c.body(null, 204);
  });
