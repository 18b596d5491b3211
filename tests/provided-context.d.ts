// What tests/global-setup.ts hands to test files through `inject(...)`.
declare module 'vitest' {
  export interface ProvidedContext {
    /** `postgres://…/platform` of the run's one PostgreSQL. */
    databaseUrl: string;
    /** `host:port` of the run's one Temporal frontend, namespace `default`. */
    temporalAddress: string;
  }
}

export {};
