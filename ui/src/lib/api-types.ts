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

export type LeaveType = { code: string; name: string; hasBalance: boolean };

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

export type TaskFormField = {
  name: string;
  label: string;
  type: 'choice' | 'text';
  required: boolean;
  options?: { value: string; label: string }[];
  maxLength?: number;
};

export type TaskStatus = 'open' | 'completed' | 'cancelled';

export type Task = {
  id: string;
  kind: 'leave-approval';
  title: string;
  caseId: string;
  status: TaskStatus;
  assigneeId: string;
  assigneeName: string;
  escalated: boolean;
  dueAt: string | null;
  createdAt: string;
  outcome: unknown;
  form: { fields: TaskFormField[] };
  /** The case the task is about, when it is a leave request (lists carry it; details too). */
  leaveRequest?: LeaveRequest | null;
};

/** Someone a team task may be handed to. */
export type TaskCandidate = { id: string; name: string; designation: string | null };

/** The open tasks held within the reassigner's reach, and who may receive them. */
export type TeamTasks = { tasks: Task[]; candidates: TaskCandidate[] };

export type Reassignment = { id: string; assigneeId: string; assigneeName: string };

export type OverlappingAbsence = {
  employeeName: string;
  startDate: string;
  endDate: string;
  status: LeaveStatus;
};

export type TaskBalance = { year: number; allocated: number; taken: number; balance: number; pending: number; available: number };

export type TaskDetail = {
  task: Task;
  /** Null when the task's case is not a leave request. */
  leaveRequest: LeaveRequest | null;
  balance: TaskBalance | null;
  overlappingAbsences: OverlappingAbsence[];
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

export type AuditPage = { entries: AuditEntry[]; nextBefore: number | null };
