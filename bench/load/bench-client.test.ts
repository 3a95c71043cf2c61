import { createHash, createHmac, randomBytes } from 'node:crypto';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { deriveScramCredentialsSync } from '../../embedded-server/base/sasl/scram-credentials.js';
import { BenchClient } from './bench-client.js';
import { SaltedPasswordCache } from '../../main/core/traffic/scram-client.js';

// A scripted server for one account: it checks the client's SCRAM-SHA-256 proof for real
// (RFC 5802 §3), so a client that computes it wrong cannot log in.
const PASSWORD = 'pencil';
const CREDS = deriveScramCredentialsSync(PASSWORD, 'sha256');
const HEADER = `<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' id='s1' from='localhost' version='1.0'>`;

function b64(s: string): string {
  return Buffer.from(s).toString('base64');
}

function serve(socket: Socket, seen: string[]): void {
  let input = '';
  let step = 0;
  let clientFirstBare = '';
  let serverFirst = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    input += chunk;
    const take = (marker: string) => {
      const at = input.indexOf(marker);
      if (at < 0) return undefined;
      const part = input.slice(0, at + marker.length);
      input = input.slice(at + marker.length);
      seen.push(part);
      return part;
    };
    for (;;) {
      if (step === 0 && take("version='1.0'>") !== undefined) {
        socket.write(`${HEADER}<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>SCRAM-SHA-256</mechanism></mechanisms></stream:features>`);
        step = 1;
      } else if (step === 1 && (take('</auth>') ?? '') !== '') {
        const auth = seen[seen.length - 1];
        const clientFirst = Buffer.from(auth.slice(auth.indexOf('>') + 1, auth.lastIndexOf('<')), 'base64').toString();
        clientFirstBare = clientFirst.slice(3);
        const nonce = clientFirstBare.split(',')[1].slice(2) + randomBytes(6).toString('hex');
        serverFirst = `r=${nonce},s=${CREDS.salt},i=${CREDS.iterations}`;
        socket.write(`<challenge xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>${b64(serverFirst)}</challenge>`);
        step = 2;
      } else if (step === 2 && take('</response>') !== undefined) {
        const response = seen[seen.length - 1];
        const clientFinal = Buffer.from(response.slice(response.indexOf('>') + 1, response.lastIndexOf('<')), 'base64').toString();
        const withoutProof = clientFinal.slice(0, clientFinal.indexOf(',p='));
        const proof = Buffer.from(clientFinal.slice(clientFinal.indexOf(',p=') + 3), 'base64');
        const authMessage = `${clientFirstBare},${serverFirst},${withoutProof}`;
        const signature = createHmac('sha256', Buffer.from(CREDS.storedKey, 'base64')).update(authMessage).digest();
        const clientKey = Buffer.from(proof.map((b, i) => b ^ signature[i]));
        if (createHash('sha256').update(clientKey).digest('base64') !== CREDS.storedKey) {
          socket.end(`<failure xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><not-authorized/></failure></stream:stream>`);
          return;
        }
        const v = createHmac('sha256', Buffer.from(CREDS.serverKey, 'base64')).update(authMessage).digest('base64');
        socket.write(`<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>${b64(`v=${v}`)}</success>`);
        step = 3;
      } else if (step === 3 && take("version='1.0'>") !== undefined) {
        socket.write(`${HEADER}<stream:features><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></stream:features>`);
        step = 4;
      } else if (step === 4 && take('</iq>') !== undefined) {
        socket.write(`<iq type='result' id='bind_1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><jid>user@localhost/bench</jid></bind></iq>`);
        step = 5;
      } else if (step === 5 && take('<presence/>') !== undefined) {
        // Split across writes, as TCP may deliver it.
        socket.write(`<message from='a@localhost/x' type='chat'><body>7:`);
        setTimeout(() => socket.write(`1.5</body></message>`), 5);
      } else {
        return;
      }
    }
  });
}

let server: Server | undefined;
afterEach(() => server?.close());

async function start(): Promise<{ port: number; seen: string[] }> {
  const seen: string[] = [];
  server = createServer((socket) => serve(socket, seen));
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, seen };
}

describe('BenchClient', () => {
  it('logs in with SCRAM-SHA-256, binds, and hands later stanzas to its listener', async () => {
    const { port, seen } = await start();
    const cache = new SaltedPasswordCache();
    const options = { target: { host: '127.0.0.1', port, domain: 'localhost' }, username: 'user', resource: 'bench', mechanism: 'SCRAM-SHA-256' as const, cache, timeoutMs: 5000 };
    const { client, latencyMs } = await BenchClient.login({ ...options, password: PASSWORD });
    expect(client.jid).toBe('user@localhost/bench');
    expect(latencyMs).toBeGreaterThan(0);
    expect(seen[0]).toContain("to='localhost'");
    expect(seen[1]).toContain("mechanism='SCRAM-SHA-256'");

    const received = new Promise<[string, string]>((resolve) => client.listen((name, raw) => resolve([name, raw])));
    client.sendInitialPresence();
    expect(await received).toEqual(['message', "<message from='a@localhost/x' type='chat'><body>7:1.5</body></message>"]);
    await client.close(1000);
    expect(client.closed).toBe(true);
  });

  it('fails the login when the password is wrong', async () => {
    const { port } = await start();
    const options = { target: { host: '127.0.0.1', port, domain: 'localhost' }, username: 'user', resource: 'bench', mechanism: 'SCRAM-SHA-256' as const, timeoutMs: 5000 };
    await expect(BenchClient.login({ ...options, password: 'wrong', cache: new SaltedPasswordCache() })).rejects.toThrow(/expected <success\/>, got <failure/);
  });

  it('fails when nothing is listening', async () => {
    const { port } = await start();
    await new Promise((resolve) => server!.close(resolve));
    server = undefined;
    const options = { target: { host: '127.0.0.1', port, domain: 'localhost' }, username: 'user', password: PASSWORD, resource: 'b', mechanism: 'SCRAM-SHA-256' as const, timeoutMs: 2000 };
    await expect(BenchClient.login({ ...options, cache: new SaltedPasswordCache() })).rejects.toThrow(/ECONNREFUSED/);
  });
});
