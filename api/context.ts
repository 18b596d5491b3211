import type { Client } from '@temporalio/client';
import type { PlatformConfig } from '../config.ts';
import type { Db, DbOrTx } from '../db/client.ts';
import type { Session } from '../db/schema/index.ts';
import type { AuditEvent } from './access/audit.ts';
import type { Principal } from '../db/queries/principal.ts';
import type { TwoFactorStage } from './access/route-rules.ts';
import type { SecretBox } from './auth/secret-box.ts';
import type { EventHub } from './events/hub.ts';

export interface ApiDeps {
  db: Db;
  temporal: Client;
  config: PlatformConfig;
  events: EventHub;
  now?: () => Date;
}

export interface AppEnv {
  Variables: {
    deps: ApiDeps;
    secretBox: SecretBox;
    user: Principal;
    session: Session;
    twoFactorStage: TwoFactorStage;
    clientAddress: string | null;
    /**
     * Records an audit entry with who (when signed in), from where, and when; given the change's
     * transaction, the entry stands or falls with the change.
     */
    audit: (event: Omit<AuditEvent, 'orgId'> & { orgId?: string | null }, tx?: DbOrTx) => Promise<void>;
  };
}
