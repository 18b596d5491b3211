/**
 * The SMTP server the benchmarks' e-mail goes to, a process of its own as a real mail server would
 * be: receiving and parsing a message then never holds up the thread that times the people's
 * requests. Forked by bench-platform.ts with SMTP_PORT; each message goes to the parent over IPC.
 */
import { startMailSink } from '../mail/sink.ts';

const smtpPort = Number(process.env.SMTP_PORT);
if (!Number.isInteger(smtpPort) || !process.send) throw new Error('mail sink process: fork it with SMTP_PORT set');
const send = process.send.bind(process);
const sink = await startMailSink({ smtpPort, onReceive: (mail) => send({ kind: 'mail', mail }) });
process.once('SIGTERM', () => void sink.stop().finally(() => process.exit(0)));
send({ kind: 'listening' });
