import { eq } from 'drizzle-orm';
import { Hono, type Context } from 'hono';
import { documents, type DocumentRow } from '../../../db/schema/index.ts';
import { deniedRecord } from '../../access/denied.ts';
import type { AppEnv } from '../../context.ts';
import { unprocessable } from '../../errors.ts';
import { checkedUpload, fileDownload, fileNameFrom, fileNameHeader } from '../../files/uploads.ts';
import { validate } from '../../validation.ts';
import { ownerExists, ownersShownWith, shareable } from './owners.ts';
import { documentIdParam, documentOwnerQuery, newDocumentQuery, newVersionQuery, sharingSchema, versionParams } from './schemas.ts';
import {
  addVersion,
  createDocument,
  documentFileTypes,
  documentsWithVersions,
  findDocument,
  setSharing,
  versionOf,
  type Owner,
} from './store.ts';

type DocumentContext = Context<AppEnv>;

/** POST routes whose body is the file itself: they read up to ATTACHMENT_MAX_BYTES. */
export const documentUploadPaths = [/^\/api\/documents$/, /^\/api\/documents\/[^/]+\/versions$/];

async function ownerOr404(c: DocumentContext, owner: Owner) {
  if (!(await ownerExists(c.var.deps.db, c.var.user.orgId, owner))) throw await deniedRecord(c, owner.type, owner.id);
}

async function documentOr404(c: DocumentContext, id: string) {
  const document = await findDocument(c.var.deps.db, c.var.user.orgId, id);
  if (!document) throw await deniedRecord(c, 'document', id);
  return document;
}

/** The document as its page lists it, after a change. */
async function documentAnswer(c: DocumentContext, id: string) {
  const [document] = await documentsWithVersions(c.var.deps.db, c.var.user.orgId, eq(documents.id, id));
  return document!;
}

/** One version as a download, for anyone the route let through; every download is in the audit trail. */
export async function downloadVersion(c: DocumentContext, document: DocumentRow, version: number, via: 'staff' | 'portal') {
  const file = await versionOf(c.var.deps.db, document, version);
  if (!file) throw await deniedRecord(c, 'document_version', `${document.id}/${version}`);
  await c.var.audit({ kind: 'document.downloaded', targetType: 'document', targetId: document.id, detail: { version, via } });
  return fileDownload(c, { content: file.content, contentType: file.contentType, sizeBytes: file.size, fileName: file.fileName });
}

/**
 * Documents of a lead, a client or an engagement, mounted at `/documents`. Staff who see engagements
 * read and download them; client-facing staff (leads:capture) upload them and share them with the client.
 */
export const documentRoutes = new Hono<AppEnv>()
  .get('/', validate('query', documentOwnerQuery), async (c) => {
    const { ownerType, ownerId } = c.req.valid('query');
    const owner = { type: ownerType, id: ownerId };
    await ownerOr404(c, owner);
    const { db } = c.var.deps;
    return c.json({ documents: await documentsWithVersions(db, c.var.user.orgId, await ownersShownWith(db, c.var.user.orgId, owner)) });
  })
  .post('/', validate('query', newDocumentQuery), async (c) => {
    const { ownerType, ownerId, documentId } = c.req.valid('query');
    const owner = { type: ownerType, id: ownerId };
    await ownerOr404(c, owner);
    const fileName = fileNameFrom(c.req.header(fileNameHeader));
    const file = await checkedUpload(c, documentFileTypes, 'stored as documents');
    const { created } = await c.var.deps.db.transaction(async (tx) => {
      const result = await createDocument(tx, owner, documentId, fileName, file, c.var.user);
      if (result.created) {
        const detail = { ownerType, ownerId, version: 1, contentType: file.contentType, size: file.sizeBytes, sha256: file.sha256 };
        await c.var.audit({ kind: 'document.uploaded', targetType: 'document', targetId: documentId, detail }, tx);
      }
      return result;
    });
    return c.json({ document: await documentAnswer(c, documentId) }, created ? 201 : 200);
  })
  .get('/:id', validate('param', documentIdParam), async (c) => {
    const { id } = c.req.valid('param');
    await documentOr404(c, id);
    return c.json({ document: await documentAnswer(c, id) });
  })
  .post('/:id/versions', validate('param', documentIdParam), validate('query', newVersionQuery), async (c) => {
    const document = await documentOr404(c, c.req.valid('param').id);
    const fileName = fileNameFrom(c.req.header(fileNameHeader));
    const file = await checkedUpload(c, documentFileTypes, 'stored as documents');
    const { created, version } = await c.var.deps.db.transaction(async (tx) => {
      const result = await addVersion(tx, document, c.req.valid('query').versionId, fileName, file, c.var.user);
      if (result.created) {
        const detail = { version: result.version, contentType: file.contentType, size: file.sizeBytes, sha256: file.sha256 };
        await c.var.audit({ kind: 'document.version_uploaded', targetType: 'document', targetId: document.id, detail }, tx);
      }
      return result;
    });
    return c.json({ version, document: await documentAnswer(c, document.id) }, created ? 201 : 200);
  })
  .get('/:id/versions/:version', validate('param', versionParams), async (c) => {
    const { id, version } = c.req.valid('param');
    return downloadVersion(c, await documentOr404(c, id), version, 'staff');
  })
  .put('/:id/sharing', validate('param', documentIdParam), validate('json', sharingSchema), async (c) => {
    const document = await documentOr404(c, c.req.valid('param').id);
    const { sharedWithClient } = c.req.valid('json');
    if (sharedWithClient && !shareable(document.ownerType)) {
      throw unprocessable('not_shareable', 'A lead’s documents cannot be shared: it has no portal until it becomes a client.', [
        { path: 'sharedWithClient', message: 'a lead’s documents cannot be shared' },
      ]);
    }
    await c.var.deps.db.transaction(async (tx) => {
      const changed = await setSharing(tx, document.id, sharedWithClient);
      if (changed) {
        await c.var.audit(
          { kind: sharedWithClient ? 'document.shared' : 'document.unshared', targetType: 'document', targetId: document.id },
          tx,
        );
      }
    });
    return c.json({ document: await documentAnswer(c, document.id) });
  });
