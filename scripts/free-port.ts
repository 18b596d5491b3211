import { createServer } from 'node:net';

/**
 * A TCP port on 127.0.0.1 that was free a moment ago. Another process may take it before the caller
 * binds it, which is acceptable for dev and test servers that fail loudly on a taken port.
 */
export async function freePort(): Promise<number> {
  const port = await probe(0);
  if (port === null) throw new Error('Could not bind any port on 127.0.0.1.');
  return port;
}

/**
 * A port in [low, high] that was free a moment ago, tried at random, for a program that cannot take
 * the ephemeral ports `freePort` hands out (Temporal keeps its membership ports in a smallint column).
 */
export async function freePortBetween(low: number, high: number): Promise<number> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = low + Math.floor(Math.random() * (high - low + 1));
    if ((await probe(port)) !== null) return port;
  }
  throw new Error(`Could not find a free port between ${low} and ${high} on 127.0.0.1.`);
}

/**
 * A port below the kernel's ephemeral range (32768 and up, where outgoing connections take their
 * local ports from, so one may take a probed port before its server binds it), that was free a
 * moment ago.
 */
export const freePortBelowEphemeral = (): Promise<number> => freePortBetween(20_000, 32_767);

/** Whether nothing listens on 127.0.0.1:<port> right now. */
export async function isPortFree(port: number): Promise<boolean> {
  return (await probe(port)) !== null;
}

/** Binds 127.0.0.1:<port> and lets go at once; the bound port, or null when it is taken. */
function probe(port: number): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE' || err.code === 'EACCES') resolve(null);
      else reject(err);
    });
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(address && typeof address === 'object' ? address.port : null));
    });
  });
}
