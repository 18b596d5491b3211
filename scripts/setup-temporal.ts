import { ensureGoProgram, temporalCli, temporalServer, temporalSqlTool, temporalUiServer } from '../temporal/binary.ts';

// Finds or builds every Temporal program ahead of time (CI runs this before `npm test`), so neither
// the first `npm start` nor a test waits on a build: the CLI for the dev server, and the server, its
// sql tool and the Web UI server for Temporal on PostgreSQL. One at a time: each build takes both cores.
for (const program of [temporalCli, temporalServer, temporalSqlTool, temporalUiServer]) {
  console.log(`${program.title}: ${await ensureGoProgram(program, { log: (message) => console.log(message) })}`);
}
