// A raw TCP peer for bad-input tests: writes whatever it is told and collects what the node answers.
import { connect, type Socket } from 'node:net';

export interface RawPeer {
  socket: Socket;
  /** Everything received so far, decoded as UTF-8. */
  text(): string;
  /** Resolves when the node closed the connection, with everything received. */
  closed: Promise<string>;
  write(data: string): Promise<void>;
  waitForText(pattern: RegExp, timeoutMs?: number): Promise<string>;
}

export function rawConnect(port: number): Promise<RawPeer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    const listeners: (() => void)[] = [];
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => {
      received += d;
      for (const l of listeners) l();
    });
    socket.on('error', () => {});
    const closed = new Promise<string>((res) => socket.on('close', () => res(received)));
    socket.once('connect', () =>
      resolve({
        socket,
        text: () => received,
        closed,
        write: (data) =>
          new Promise<void>((res) => {
            if (socket.destroyed) res();
            else socket.write(data, () => res());
          }),
        waitForText(pattern, timeoutMs = 5000) {
          return new Promise((res, rej) => {
            const check = () => {
              if (pattern.test(received)) {
                clearTimeout(timer);
                res(received);
              }
            };
            const timer = setTimeout(() => rej(new Error(`timed out waiting for ${pattern}; got: ${received.slice(0, 2000)}`)), timeoutMs);
            listeners.push(check);
            check();
          });
        },
      }),
    );
    socket.once('error', reject);
  });
}

export const STREAM_HEADER =
  "<?xml version='1.0'?><stream:stream to='localhost' xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>";
