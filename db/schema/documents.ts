import { boolean, index, integer, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import { bytea, createdAt, instant } from './columns.ts';
import { orgId } from './organizations.ts';
import { users } from './users.ts';

/** What a document belongs to: a lead, the client it became, or one of the client's engagements. */
export const documentOwnerTypes = ['lead', 'client', 'engagement'] as const;
export type DocumentOwnerType = (typeof documentOwnerTypes)[number];

/** A document and who may see it; its content is in its versions, every upload a new one, none ever replaced. */
export const documents = pgTable(
  'documents',
  {
    /** Made by the page that uploads its first version: a repeated upload finds it instead of making a second. */
    id: uuid('id').primaryKey(),
    orgId: orgId(),
    ownerType: text('owner_type', { enum: documentOwnerTypes }).notNull(),
    ownerId: uuid('owner_id').notNull(),
    name: text('name').notNull(),
    /** Whether the client sees it in the portal: only staff decide, and only for the client's own records. */
    sharedWithClient: boolean('shared_with_client').notNull().default(false),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index('documents_org_owner').on(t.orgId, t.ownerType, t.ownerId)],
);

export const documentVersions = pgTable(
  'document_versions',
  {
    /** Made by the page that uploads it, as the document's id is. */
    id: uuid('id').primaryKey(),
    orgId: orgId(),
    documentId: uuid('document_id')
      .notNull()
      .references(() => documents.id),
    version: integer('version').notNull(),
    /** The name the file had when this version was uploaded. */
    fileName: text('file_name').notNull(),
    content: bytea('content').notNull(),
    /** Taken from the content's bytes, never from what the browser claimed. */
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    uploadedBy: uuid('uploaded_by')
      .notNull()
      .references(() => users.id),
    uploadedAt: instant('uploaded_at').notNull().defaultNow(),
  },
  (t) => [unique('document_versions_document_version').on(t.documentId, t.version)],
);

export type DocumentRow = typeof documents.$inferSelect;
export type DocumentVersionRow = typeof documentVersions.$inferSelect;
