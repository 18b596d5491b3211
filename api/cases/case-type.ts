import type { Hono } from 'hono';
import type { DbOrTx } from '../../db/client.ts';
import type { Principal } from '../../db/queries/principal.ts';
import type { RouteRule } from '../access/route-rules.ts';
import type { AppEnv } from '../context.ts';

/** A business field of a case, shown in inbox rows and offered as a filter. */
export interface CaseField {
  name: string;
  label: string;
}

export type CaseFieldValues = Record<string, string | number | null>;

/**
 * What a process registers so the generic parts (task API, inbox, task page, timeline, audit) can
 * serve it without naming it. One per process, in its own module (`api/<process>/case-type.ts`).
 */
export interface CaseType {
  key: string;
  label: string;
  /**
   * Each task kind the process opens, with how it reads and whether many may be decided at once
   * (`bulkDecision`: the inbox then offers one button per option of the form's choice field, with
   * the form's text fields filled once for all; each task is still decided by its own workflow).
   */
  taskKinds: Record<string, { label: string; bulkDecision?: boolean }>;
  fields: CaseField[];
  /** The business fields of these cases, for inbox rows. */
  loadFields(db: DbOrTx, orgId: string, caseIds: string[]): Promise<Map<string, CaseFieldValues>>;
  /** The panel a task of this case shows (the UI's panel for this case type renders it). */
  loadPanel(db: DbOrTx, viewer: Principal, caseId: string): Promise<unknown>;
  /** May this person see the case outside a task of it (its requester, say)? */
  visibleTo(db: DbOrTx, viewer: Principal, caseId: string): Promise<boolean>;
  auditKinds: string[];
  /** Labels of the timeline entries the process itself writes (the kit's own are generic). */
  timelineKinds: Record<string, string>;
  /** The process's own routes, mounted under /api at `path`. */
  routes: { path: string; router: Hono<AppEnv> }[];
  /** Each of those routes' access rule (`'GET /api/…'`). */
  routeRules: Record<string, RouteRule>;
  /**
   * Those of its POST routes whose body is a file's raw bytes (matched against `/api/…`): they read
   * up to ATTACHMENT_MAX_BYTES instead of the API's JSON limit.
   */
  fileUploadPaths?: RegExp[];
}
