import type { Session, User } from '$lib/api-types';
import type { ApiError } from '$lib/server/api';

declare global {
  namespace App {
    interface Locals {
      user: User | null;
      session: Session | null;
      sessionToken: string | null;
      /** Set when the API could not say who is signed in (other than "nobody"). */
      sessionLookupFailure: ApiError | null;
    }
    interface PageData {
      /** The server's IANA time zone, so server and browser format instants alike. */
      timeZone: string;
    }
  }
}

export {};
