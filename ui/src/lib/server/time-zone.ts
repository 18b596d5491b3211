/** The server process's time zone (set it with `TZ`); pages format instants in it. */
export const serverTimeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
