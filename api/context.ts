import type { Client } from '@temporalio/client';
import type { PlatformConfig } from '../config.ts';
import type { Db } from '../db/client.ts';
import type { EventHub } from './events/hub.ts';
import type { SessionUser } from './auth/sessions.ts';

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
    user: SessionUser;
    sessionId: string;
  };
}
