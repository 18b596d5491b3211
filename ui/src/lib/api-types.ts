// The JSON shapes of the API, as documented in docs/api.md.

export type User = {
  id: string;
  orgId: string;
  email: string;
  name: string;
  roles: string[];
  managerId: string | null;
  departmentId: string | null;
  organizationName: string | null;
  /** The organisation's time zone: dates and times are shown there. */
  timeZone: string;
  /** Effective permission keys, such as `users:view`: what the pages offer, not what the API allows. */
  permissions: string[];
  /** Whether the user has an authenticator set up. */
  twoFactorEnabled: boolean;
  /** Whether the user's roles demand two factors (everyone's but clients'). */
  twoFactorRequired: boolean;
};

/** `verified` once signed in with every factor; until then the session may only finish signing in. */
export type TwoFactorState = 'verified' | 'required' | 'enroll';

export type Session = { id: string; twoFactor: TwoFactorState; expiresAt: string };

/** What the sign-in form leads to once the password is accepted. */
export type SignInNext = 'done' | 'totp' | 'enroll-totp';

export type ApiErrorBody = {
  error: { code: string; message: string; details?: unknown };
};

/** A problem with one input, as in validation `details` and preview `violations`. */
export type FieldViolation = { path: string; message: string };

/** A leave type one may request: `maxDays` is the most working days one request may take. */
export type LeaveType = { code: string; name: string; hasBalance: boolean; maxDays: number };

/** A leave type as administrators see it, retired ones (`active: false`) included. */
export type AdminLeaveType = LeaveType & { active: boolean };

export type Holiday = { id: string; day: string; name: string };

/** A year of the organisation's holiday calendar and where its public holidays come from. */
export type HolidayCalendar = { year: number; country: string | null; region: string | null; holidays: Holiday[] };

/** A country or region of the public holiday library. */
export type HolidayPlace = { code: string; name: string };

export type AllocationRow = Omit<LeaveBalance, 'leaveTypeCode' | 'leaveTypeName'> & {
  employeeId: string;
  name: string;
  /** Whether the person has the year's allocation (the bulk action skips them). */
  hasYearlyAllocation: boolean;
};

export type Allocations = {
  year: number;
  leaveTypeCode: string | null;
  leaveTypes: { code: string; name: string; active: boolean }[];
  people: AllocationRow[];
};

export type LeaveBalance = {
  leaveTypeCode: string;
  leaveTypeName: string;
  year: number;
  allocated: number;
  taken: number;
  /** allocated − taken */
  balance: number;
  /** Days asked for in requests still waiting for a decision. */
  pending: number;
  /** balance − pending */
  available: number;
};

export type LeaveForm = {
  requestId?: string;
  leaveTypeCode: string;
  startDate: string;
  endDate: string;
  /** The leave starts at midday. */
  startHalfDay: boolean;
  /** The leave ends at midday. */
  endHalfDay: boolean;
  reason: string;
};

export type LeavePreview = {
  workingDays: number;
  balanceBefore: number | null;
  balanceAfter: number | null;
  violations: FieldViolation[];
};

export type LeaveStatus = 'pending' | 'approved' | 'rejected' | 'cancelled';

export type LeaveRequest = {
  id: string;
  employeeId: string;
  employeeName: string;
  leaveTypeCode: string;
  leaveTypeName: string;
  startDate: string;
  endDate: string;
  startHalfDay: boolean;
  endHalfDay: boolean;
  workingDays: number;
  reason: string;
  status: LeaveStatus;
  approverId: string | null;
  approverName: string | null;
  decisionComment: string | null;
  decidedAt: string | null;
  createdAt: string;
};

/** One entry of a case's history: a process's own kind (`submitted`, `approved`…) or the task kit's (`opened`, `claimed`…). */
export type TimelineEvent = {
  kind: string;
  actorName: string | null;
  at: string;
  note: string | null;
};

export type LeaveRequestDetail = { leaveRequest: LeaveRequest; timeline: TimelineEvent[] };

// The task kit's form contract (the fields a form may have, the values they take) is shared, not
// copied: a field type the kit adds is one the UI's compiler then asks it to render. Types only.
export type {
  ChoiceOption as TaskFormOption,
  FieldValue as TaskFieldValue,
  FormField as TaskFormField,
  Money,
} from '../../../workflows/human-task/form';
import type { FormField as TaskFormField } from '../../../workflows/human-task/form';

export type TaskStatus = 'open' | 'completed' | 'cancelled';

export type TaskPriority = 'low' | 'normal' | 'high' | 'urgent';

/** A business field of a task's case, as its case type declares it (an employee's name, a period). */
export type CaseFieldValue = string | number | null;

export type Task = {
  id: string;
  kind: string;
  kindLabel: string;
  /** Whether tasks of this kind may be decided many at once (`POST /api/tasks/bulk-complete`). */
  bulkDecision: boolean;
  step: string;
  round: number;
  title: string;
  caseType: string;
  caseLabel: string;
  caseId: string;
  status: TaskStatus;
  permission: string;
  assigneeId: string | null;
  assigneeName: string | null;
  delegateId: string | null;
  delegateName: string | null;
  /** The holder stands in for this person, who is away; it goes back to them on their return. */
  standingInForId: string | null;
  standingInForName: string | null;
  /** The queue the task is offered to, if any (it may be held by someone meanwhile). */
  queueLabel: string | null;
  /** Open and held by nobody: anyone in its queue may claim it. */
  queued: boolean;
  /** Whether the signed-in person holds the task or has it delegated to them. */
  yours: 'holder' | 'delegate' | null;
  priority: TaskPriority;
  note: string | null;
  escalationLevel: number;
  escalated: boolean;
  dueAt: string | null;
  createdAt: string;
  completedAt: string | null;
  /** The submitted form values, once completed. */
  outcome: unknown;
  form: { fields: TaskFormField[] };
  fields: Record<string, CaseFieldValue>;
  /** The case type's labels for `fields`. */
  fieldLabels: Record<string, string>;
};

/** One page of the inbox; `nextCursor` asks for the next one (null on the last). */
export type InboxPage = { tasks: Task[]; nextCursor: string | null };

/** What `GET /api/tasks/count` answers: the filtered total, the viewer's own, and each queue waiting. */
export type InboxCount = { count: number; mine: number; queues: { label: string; count: number }[] };

/** A named inbox filter kept on the server; `filters` is the inbox's query string as key → value. */
export type SavedView = {
  id: string;
  name: string;
  filters: Record<string, string>;
  owner: { id: string; name: string };
  /** Whether the signed-in person saved it (only they may change or delete it). */
  mine: boolean;
  shared: boolean;
  sharedWithDepartment: { id: string; name: string | null } | null;
  createdAt: string;
  updatedAt: string;
};

/** One task's answer in `POST /api/tasks/bulk-complete`, in the order the tasks were sent. */
export type BulkResult = { taskId: string; ok: true } | { taskId: string; ok: false; error: { code: string; message: string } };

/** Someone a team task may be handed to. */
export type TaskCandidate = { id: string; name: string; designation: string | null };

/** The open tasks held within the reassigner's reach, and who may receive them. */
export type TeamTasks = { tasks: Task[]; nextCursor: string | null; candidates: TaskCandidate[] };

export type Reassignment = { id: string; assigneeId: string; assigneeName: string };

export type OverlappingAbsence = {
  employeeName: string;
  startDate: string;
  endDate: string;
  status: LeaveStatus;
};

export type TaskBalance = { year: number; allocated: number; taken: number; balance: number; pending: number; available: number };

/** What the leave case type's `loadPanel` sends for a task of a leave request. */
export type LeavePanel = {
  leaveRequest: LeaveRequest;
  balance: TaskBalance | null;
  overlappingAbsences: OverlappingAbsence[];
};

export type TaskDetail = {
  task: Task;
  /** The case type's key (`leave`…): which panel of `$lib/cases` shows `panel`. */
  caseType: string;
  /** Whatever the case type's `loadPanel` returned; null when the case type is unknown or the case gone. */
  panel: unknown;
  timeline: TimelineEvent[];
};

export type AccountSession = {
  id: string;
  /** The session of the browser asking. */
  current: boolean;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  ipAddress: string | null;
  userAgent: string | null;
};

export type TotpSetup = { secret: string; otpauthUri: string; qrSvg: string };

export type RecoveryCodes = { recoveryCodes: string[] };

export type Invitation = { id: string; email: string; name: string; roles: string[]; expiresAt: string; acceptedAt: string | null };

/** What an invitation link shows before the account exists. */
export type InvitationPreview = { email: string; name: string; organizationName: string };

export type Person = {
  id: string;
  email: string;
  name: string;
  roles: string[];
  designation: string | null;
  departmentId: string | null;
  departmentName: string | null;
  managerId: string | null;
  managerName: string | null;
  active: boolean;
  twoFactorEnabled: boolean;
  createdAt: string;
};

export type Department = { id: string; name: string; parentId: string | null; memberCount: number };

export type Scope = 'own' | 'reports' | 'department' | 'organization';

export type Grant = { permission: string; scope: Scope };

export type Role = {
  key: string;
  name: string;
  builtIn: boolean;
  inherits: string | null;
  permissions: Grant[];
  /** The role's own grants and everything it inherits. */
  effective: Grant[];
};

export type PermissionDefinition = { key: string; description: string; scopes: Scope[] };

export type AuditEntry = {
  /** Increasing: the cursor for older pages. */
  id: number;
  at: string;
  kind: string;
  actorId: string | null;
  actorName: string | null;
  actorEmail: string | null;
  ipAddress: string | null;
  targetType: string | null;
  targetId: string | null;
  detail: unknown;
};

/** One page of the trail, and the kinds its filter offers. */
export type AuditPage = { entries: AuditEntry[]; nextBefore: number | null; kinds: string[] };

/** `GET /api/account/preferences`: how the person hears of their tasks by e-mail. */
export type AccountPreferences = { emailMode: 'immediate' | 'digest' };

/** `GET /api/account/away`: the person's absences from today on, and who stands in for them. */
export type AwayOverview = {
  today: string;
  awayUntil: string | null;
  absences: { id: string; startsOn: string; endsOn: string; note: string | null; fromProcess: boolean }[];
  delegate: { id: string; name: string } | null;
  colleagues: { id: string; name: string; designation: string | null }[];
};
