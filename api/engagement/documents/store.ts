import { and, asc, desc, eq, inArray, max, ne, or, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/client.ts';
import { documents, documentVersions, users, type DocumentOwnerType, type DocumentRow } from '../../../db/schema/index.ts';
import type { KnownFileType } from '../../files/file-types.ts';
import type { CheckedFile } from '../../files/uploads.ts';
import { HttpError } from '../../errors.ts';

/** Every type a document may be: what clients send and receive, told from the content. */
export const documentFileTypes = [
  'application/pdf',
  'image/png',
  'image/jpeg',
  'text/plain',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
] as const satisfies readonly KnownFileType[];
export type DocumentFile = CheckedFile<(typeof documentFileTypes)[number]>;

export interface Owner {
  type: DocumentOwnerType;
  id: string;
}

export interface Uploader {
  id: string;
  orgId: string;
}

const idTaken = (what: string) =>
  new HttpError(409, `${what}_id_taken`, `That ${what} id is already used for something else: reload the page.`);

export async function findDocument(db: DbOrTx, orgId: string, id: string): Promise<DocumentRow | undefined> {
  const [row] = await db
    .select()
    .from(documents)
    .where(and(eq(documents.orgId, orgId), eq(documents.id, id)));
  return row;
}

const versionValues = (
  document: DocumentRow,
  versionId: string,
  version: number,
  fileName: string,
  file: DocumentFile,
  uploader: Uploader,
) => ({
  id: versionId,
  orgId: document.orgId,
  documentId: document.id,
  version,
  fileName,
  content: file.content,
  contentType: file.contentType,
  size: file.sizeBytes,
  sha256: file.sha256,
  uploadedBy: uploader.id,
});

/**
 * A new document with its first version, under the page's id. The same id again (a double click, a
 * retry) answers the document as it is (created: false); an id used for another owner is a conflict.
 */
export async function createDocument(
  tx: DbOrTx,
  owner: Owner,
  documentId: string,
  fileName: string,
  file: DocumentFile,
  uploader: Uploader,
) {
  const [inserted] = await tx
    .insert(documents)
    .values({ id: documentId, orgId: uploader.orgId, ownerType: owner.type, ownerId: owner.id, name: fileName, createdBy: uploader.id })
    .onConflictDoNothing({ target: documents.id })
    .returning();
  if (!inserted) {
    const existing = await findDocument(tx, uploader.orgId, documentId);
    if (!existing || existing.ownerType !== owner.type || existing.ownerId !== owner.id) throw idTaken('document');
    return { document: existing, created: false };
  }
  await tx.insert(documentVersions).values(versionValues(inserted, documentId, 1, fileName, file, uploader));
  return { document: inserted, created: true };
}

/**
 * The document's next version. The document's row is locked first, so two uploads at once take
 * versions one after the other instead of both reading the same latest number.
 */
export async function addVersion(
  tx: DbOrTx,
  document: DocumentRow,
  versionId: string,
  fileName: string,
  file: DocumentFile,
  uploader: Uploader,
) {
  await tx.execute(sql`select 1 from ${documents} where ${documents.id} = ${document.id} for update`);
  const [existing] = await tx.select().from(documentVersions).where(eq(documentVersions.id, versionId));
  if (existing) {
    if (existing.documentId !== document.id) throw idTaken('version');
    return { version: existing.version, created: false };
  }
  const [latest] = await tx
    .select({ version: max(documentVersions.version) })
    .from(documentVersions)
    .where(eq(documentVersions.documentId, document.id));
  const version = (latest?.version ?? 0) + 1;
  await tx.insert(documentVersions).values(versionValues(document, versionId, version, fileName, file, uploader));
  return { version, created: true };
}

/** Shares the document with the client or stops sharing it; whether that changed anything. */
export async function setSharing(tx: DbOrTx, documentId: string, sharedWithClient: boolean): Promise<boolean> {
  const changed = await tx
    .update(documents)
    .set({ sharedWithClient })
    .where(and(eq(documents.id, documentId), ne(documents.sharedWithClient, sharedWithClient)))
    .returning({ id: documents.id });
  return changed.length > 0;
}

/** One version with its bytes, for a download. */
export async function versionOf(db: DbOrTx, document: DocumentRow, version: number) {
  const [row] = await db
    .select()
    .from(documentVersions)
    .where(and(eq(documentVersions.documentId, document.id), eq(documentVersions.version, version)));
  return row;
}

const ownedBy = (owners: Owner[]): SQL => or(...owners.map((o) => and(eq(documents.ownerType, o.type), eq(documents.ownerId, o.id))))!;

/** The documents of these owners (or those `where` picks) with what is known of each version (never the bytes), newest version first. */
export async function documentsWithVersions(db: DbOrTx, orgId: string, where: SQL | Owner[]) {
  const rows = await db
    .select()
    .from(documents)
    .where(and(eq(documents.orgId, orgId), Array.isArray(where) ? (where.length ? ownedBy(where) : sql`false`) : where))
    .orderBy(asc(documents.name), asc(documents.id));
  if (rows.length === 0) return [];
  const versions = await db
    .select({
      documentId: documentVersions.documentId,
      version: documentVersions.version,
      fileName: documentVersions.fileName,
      contentType: documentVersions.contentType,
      size: documentVersions.size,
      sha256: documentVersions.sha256,
      uploadedByName: users.name,
      uploadedAt: documentVersions.uploadedAt,
    })
    .from(documentVersions)
    .innerJoin(users, eq(users.id, documentVersions.uploadedBy))
    .where(
      inArray(
        documentVersions.documentId,
        rows.map((d) => d.id),
      ),
    )
    .orderBy(desc(documentVersions.version));
  return rows.map((d) => ({
    id: d.id,
    name: d.name,
    ownerType: d.ownerType,
    ownerId: d.ownerId,
    sharedWithClient: d.sharedWithClient,
    createdAt: d.createdAt,
    versions: versions
      .filter((v) => v.documentId === d.id)
      .map((v) => ({
        version: v.version,
        fileName: v.fileName,
        contentType: v.contentType,
        size: v.size,
        sha256: v.sha256,
        uploadedByName: v.uploadedByName,
        uploadedAt: v.uploadedAt,
      })),
  }));
}
