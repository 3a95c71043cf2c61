// The login bench (log in, bind, disconnect, as fast as bounded concurrency allows) and the idle
// connection set (log in, bind, send initial presence, then stay connected and silent).
import { performance } from 'node:perf_hooks';
import { LatencyRecorder } from '../latency-stats.js';
import { CpuMeter } from '../proc-stats.js';
import { BenchClient } from './bench-client.js';
import { runBounded } from './bounded-pool.js';
import { accountAt, type IdleClosedReply, type IdleOpenedReply, type LoginsCommand, type LoginsReply, type OpenIdleCommand } from './generator-protocol.js';
import type { SaltedPasswordCache } from '../../main/core/traffic/scram-client.js';

function progress(what: string, done: number, total: number): void {
  process.stderr.write(`generator: ${what} ${done}/${total}\n`);
}

function progressEvery(total: number): number {
  return Math.max(100, Math.ceil(total / 10));
}

export async function runLogins(cmd: LoginsCommand, cache: SaltedPasswordCache): Promise<LoginsReply> {
  const latency = new LatencyRecorder(cmd.accounts.count);
  const missesBefore = cache.misses;
  let failed = 0;
  let firstError: string | undefined;
  const every = progressEvery(cmd.accounts.count);
  const cpu = new CpuMeter(cmd.nodePid);
  cpu.start();
  const started = performance.now();
  await runBounded(cmd.accounts.count, cmd.concurrency, async (i) => {
    const { username, password } = accountAt(cmd.accounts, i);
    try {
      const { client, latencyMs } = await BenchClient.login({ ...cmd, cache, username, password, resource: 'bench' });
      latency.record(latencyMs);
      // Not awaited: the login is complete once bound; closing overlaps with the next login.
      void client.close();
    } catch (err) {
      failed++;
      firstError ??= `${username}: ${(err as Error).message}`;
    }
    if ((i + 1) % every === 0) progress('logins', i + 1, cmd.accounts.count);
  });
  const seconds = (performance.now() - started) / 1000;
  const cpuShares = cpu.stop();
  const succeeded = latency.count;
  return {
    reply: 'logins',
    attempted: cmd.accounts.count,
    succeeded,
    failed,
    seconds: Math.round(seconds * 1000) / 1000,
    logins_per_s: Math.round(succeeded / seconds),
    latency: latency.summary(),
    first_error: firstError,
    pbkdf2_runs: cache.misses - missesBefore,
    cpu: cpuShares,
  };
}

/** Connections opened by open_idle and kept until close_idle. */
export class IdleConnections {
  private clients: BenchClient[] = [];
  private dropped = 0;

  async open(cmd: OpenIdleCommand, cache: SaltedPasswordCache): Promise<IdleOpenedReply> {
    let failed = 0;
    let firstError: string | undefined;
    const every = progressEvery(cmd.accounts.count);
    const started = performance.now();
    await runBounded(cmd.accounts.count, cmd.concurrency, async (i) => {
      const { username, password } = accountAt(cmd.accounts, i);
      try {
        const { client } = await BenchClient.login({ ...cmd, cache, username, password, resource: 'idle' });
        // Roster pushes, presence and the like are read and dropped, as an idle client would.
        client.listen(() => {});
        client.onClose = () => this.dropped++;
        client.sendInitialPresence();
        this.clients.push(client);
      } catch (err) {
        failed++;
        firstError ??= `${username}: ${(err as Error).message}`;
      }
      if ((i + 1) % every === 0) progress('idle connections', i + 1, cmd.accounts.count);
    });
    return {
      reply: 'idle_opened',
      opened: this.clients.length,
      failed,
      seconds: Math.round((performance.now() - started) / 10) / 100,
      first_error: firstError,
    };
  }

  async close(): Promise<IdleClosedReply> {
    const clients = this.clients;
    this.clients = [];
    const dropped = this.dropped;
    for (const client of clients) client.onClose = undefined;
    await runBounded(clients.length, 500, (i) => clients[i].close());
    this.dropped = 0;
    return { reply: 'idle_closed', closed: clients.length, dropped };
  }
}
