import { z } from 'zod';
import { documentOwnerTypes } from '../../../db/schema/index.ts';

export const documentOwnerQuery = z.strictObject({
  ownerType: z.enum(documentOwnerTypes, `must be one of ${documentOwnerTypes.join(', ')}`),
  ownerId: z.uuid('must be the id of the lead, client or engagement'),
});

/** A first upload: the document's id is made by the page, so uploading twice makes one document. */
export const newDocumentQuery = documentOwnerQuery.extend({ documentId: z.uuid('must be a document id made by the page') });

export const documentIdParam = z.object({ id: z.uuid('must be a document id') });
export const versionParams = documentIdParam.extend({ version: z.coerce.number().int('must be a version number').min(1).max(100_000) });

/** A further version: its id is made by the page, as the document's is. */
export const newVersionQuery = z.strictObject({ versionId: z.uuid('must be a version id made by the page') });

export const sharingSchema = z.strictObject({ sharedWithClient: z.boolean('must be true or false') });

export const portalDocumentsQuery = z.strictObject({ engagementId: z.uuid('must be an engagement id').optional() });
