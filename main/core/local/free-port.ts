// Free TCP ports on loopback, found by binding port 0 and reading what the OS gave. There is a race
// (another process may take the port before the node binds it); the node then exits with code 3 and
// the listeners_bound stage shows its "port in use" line, and the next start probes again.
import { createServer } from 'node:net';

export function probeFreePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

/** `count` distinct free ports. */
export async function probeFreePorts(count: number, host = '127.0.0.1'): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await probeFreePort(host));
  return [...ports];
}
