import type { User } from '$lib/api-types';

declare global {
  namespace App {
    interface Locals {
      user: User | null;
      sessionToken: string | null;
    }
    interface PageData {
      /** The server's IANA time zone, so server and browser format instants alike. */
      timeZone: string;
    }
  }
}

export {};
