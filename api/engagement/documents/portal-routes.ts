import { and, eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { documents } from '../../../db/schema/index.ts';
import { deniedRecord } from '../../access/denied.ts';
import type { AppEnv } from '../../context.ts';
import { validate } from '../../validation.ts';
import { sharedWithContact } from './owners.ts';
import { downloadVersion } from './routes.ts';
import { portalDocumentsQuery, versionParams } from './schemas.ts';
import { documentsWithVersions } from './store.ts';

/**
 * A client's documents in the portal, mounted at `/portal/documents`: only those staff shared, of a
 * client the signed-in person is a contact of or of its engagements. Anything else is the same 404
 * as a document that does not exist.
 */
export const portalDocumentRoutes = new Hono<AppEnv>()
  .get('/', validate('query', portalDocumentsQuery), async (c) => {
    const { user } = c.var;
    const rows = await documentsWithVersions(
      c.var.deps.db,
      user.orgId,
      sharedWithContact(user.orgId, user.id, c.req.valid('query').engagementId),
    );
    return c.json({
      documents: rows.map((d) => ({
        id: d.id,
        name: d.name,
        engagementId: d.ownerType === 'engagement' ? d.ownerId : null,
        versions: d.versions.map((v) => ({
          version: v.version,
          fileName: v.fileName,
          contentType: v.contentType,
          size: v.size,
          uploadedAt: v.uploadedAt,
        })),
      })),
    });
  })
  .get('/:id/versions/:version', validate('param', versionParams), async (c) => {
    const { user } = c.var;
    const { id, version } = c.req.valid('param');
    const [document] = await c.var.deps.db
      .select()
      .from(documents)
      .where(and(eq(documents.id, id), sharedWithContact(user.orgId, user.id)));
    if (!document) throw await deniedRecord(c, 'document', id);
    return downloadVersion(c, document, version, 'portal');
  });
