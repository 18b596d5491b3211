export * from './organizations.ts';
export * from './users.ts';
export * from './leave.ts';
export * from './tasks.ts';
export * from './mail.ts';
export * from './identity.ts';
export * from './inbox.ts';
export * from './engagement.ts';
