// The client against the node's real admin server (embedded-server/admin/server) on loopback, with
// endpoints declared the way the contract declares them.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { endpoint, stream } from '../../../embedded-server/admin/contract/define.js';
import { startAdminServer, type AdminServer } from '../../../embedded-server/admin/server/admin-server.js';
import { AdminError } from '../../../embedded-server/admin/server/admin-error.js';
import { RouteTable } from '../../../embedded-server/admin/server/route-table.js';
import { ConsoleCallError } from '../../common/console-errors.js';
import { probeFreePort } from '../local/free-port.js';
import { NodeAdminClient } from './node-admin-client.js';

const echo = endpoint<{ id: string; limit: number }>()({
  name: 'test.echo',
  method: 'GET',
  path: '/api/echo/:id',
  summary: 'echo',
  params: z.strictObject({ id: z.string() }),
  query: z.strictObject({ limit: z.coerce.number() }),
});
const add = endpoint<{ sum: number }>()({
  name: 'test.add',
  method: 'POST',
  path: '/api/add',
  summary: 'add',
  body: z.strictObject({ a: z.number(), b: z.number() }),
});
const conflict = endpoint<never>()({ name: 'test.conflict', method: 'POST', path: '/api/conflict', summary: 'conflict' });
const ticks = stream<{ n: number }>()({ name: 'test.ticks', path: '/api/streams/ticks', summary: 'ticks', filter: z.strictObject({ count: z.coerce.number() }) });

const TOKEN = 'x'.repeat(40);
let server: AdminServer;
let client: NodeAdminClient;

beforeAll(async () => {
  const routes = new RouteTable()
    .add(echo, ({ params, query }) => ({ id: params.id, limit: query.limit }))
    .add(add, ({ body }) => ({ sum: body.a + body.b }))
    .add(conflict, () => {
      throw new AdminError('conflict', 'already there');
    })
    .addStream(ticks, ({ filter, sink }) => {
      for (let n = 0; n < filter.count; n++) sink.send({ n });
      sink.close('done');
    });
  server = await startAdminServer({ host: '127.0.0.1', port: 0, token: TOKEN, routes, log: pino({ level: 'silent' }) });
  client = new NodeAdminClient({ baseUrl: `http://127.0.0.1:${server.port}`, token: TOKEN });
});

afterAll(() => server.close());

describe('NodeAdminClient', () => {
  it('calls endpoints with params, query and body, typed by the contract', async () => {
    const got = await client.call(echo, { params: { id: 'a b' }, query: { limit: 5 } });
    expect(got).toEqual({ id: 'a b', limit: 5 });
    expect((await client.call(add, { body: { a: 2, b: 3 } })).sum).toBe(5);
  });

  it('turns the node’s coded errors and a wrong token into console errors', async () => {
    await expect(client.call(conflict)).rejects.toMatchObject({ code: 'node_error', message: 'already there', details: { status: 409, nodeCode: 'conflict' } });
    const wrong = new NodeAdminClient({ baseUrl: `http://127.0.0.1:${server.port}`, token: 'wrong' });
    await expect(wrong.call(add, { body: { a: 1, b: 1 } })).rejects.toMatchObject({ code: 'unauthorized' });
  });

  it('says which address does not answer when nothing listens there', async () => {
    const port = await probeFreePort();
    const dead = new NodeAdminClient({ baseUrl: `http://127.0.0.1:${port}`, token: TOKEN });
    const error = await dead.call(add, { body: { a: 1, b: 1 } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConsoleCallError);
    expect(error).toMatchObject({ code: 'node_unreachable', message: `node not answering on 127.0.0.1:${port}` });
  });

  it('reads a stream until the node closes it', async () => {
    const events: number[] = [];
    const closed = await new Promise<ConsoleCallError | undefined>((resolve) => {
      client.openStream(ticks, { count: 3 }, { onEvent: (e) => events.push(e.n), onClose: resolve });
    });
    expect(events).toEqual([0, 1, 2]);
    expect(closed).toBeUndefined();
  });

  it('reports a refused stream upgrade with the node’s reason', async () => {
    const wrong = new NodeAdminClient({ baseUrl: `http://127.0.0.1:${server.port}`, token: 'wrong' });
    const closed = await new Promise<ConsoleCallError | undefined>((resolve) => wrong.openStream(ticks, { count: 1 }, { onEvent: () => {}, onClose: resolve }));
    expect(closed?.code).toBe('unauthorized');
  });
});
