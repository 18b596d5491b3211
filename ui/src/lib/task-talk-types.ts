// The JSON shapes of the bell, comments and files, as documented in docs/api.md.

export type NotificationKind = 'assigned' | 'mentioned' | 'decided' | 'escalated' | 'reminded' | 'delegated' | 'returned';

export type Notification = {
  id: string;
  kind: NotificationKind;
  /** The task's title. */
  title: string;
  taskId: string | null;
  actorName: string | null;
  readAt: string | null;
  createdAt: string;
};

export type NotificationPage = { notifications: Notification[]; nextCursor: string | null };

export type TaskAttachment = { id: string; fileName: string; contentType: string; sizeBytes: number; sha256: string };

export type TaskComment = {
  id: string;
  /** Mentions are written `@[Name](user-id)`. */
  body: string;
  authorId: string;
  authorName: string;
  createdAt: string;
  mentions: { id: string; name: string | null }[];
  attachments: TaskAttachment[];
};

export type TaskComments = { comments: TaskComment[]; mentionable: { id: string; name: string }[] };
