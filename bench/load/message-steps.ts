// The 1:1 message bench: P senders each send to one receiver's bare JID (RFC 6121 §8.5.2.1 delivery to
// an available resource). Every body carries "<step>:<send time in ms>" from performance.now(); senders
// and receivers live in this one process, so the receiver subtracts on the same clock. The offered
// rate is paced by a timer: each tick sends however many messages are due since the step began, so
// timer jitter shifts messages between ticks but never changes the total.
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { LatencyRecorder } from '../latency-stats.js';
import { CpuMeter, waitIdle } from '../proc-stats.js';
import { BenchClient } from './bench-client.js';
import { runBounded } from './bounded-pool.js';
import { accountAt, type AccountRange, type MessageStep, type MessagesCommand, type MessagesReply } from './generator-protocol.js';
import type { SaltedPasswordCache } from '../../main/core/traffic/scram-client.js';
import { attribute } from '../../main/core/traffic/stanza-scanner.js';

/** Longest wait, after the logins, for the node to go idle before the first step. */
const LOGIN_SETTLE_MAX_MS = 5000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Counts and times the messages of the step being measured; messages of earlier steps are ignored. */
class StepMeter {
  tag = -1;
  windowEnd = 0;
  received = 0;
  inWindow = 0;
  errors = 0;
  latency = new LatencyRecorder();

  begin(tag: number, expected: number, windowEnd: number): void {
    this.tag = tag;
    this.windowEnd = windowEnd;
    this.received = 0;
    this.inWindow = 0;
    this.errors = 0;
    this.latency = new LatencyRecorder(expected + 16);
  }

  onReceived(raw: string): void {
    const body = raw.indexOf('<body>');
    if (body < 0) return;
    const colon = raw.indexOf(':', body + 6);
    if (Number(raw.slice(body + 6, colon)) !== this.tag) return;
    const now = performance.now();
    this.latency.record(now - Number(raw.slice(colon + 1, raw.indexOf('</body>', colon))));
    this.received++;
    if (now <= this.windowEnd) this.inWindow++;
  }
}

async function loginAll(cmd: MessagesCommand, range: AccountRange, cache: SaltedPasswordCache): Promise<BenchClient[]> {
  const clients: BenchClient[] = new Array(range.count);
  let firstError: Error | undefined;
  await runBounded(range.count, 50, async (i) => {
    const { username, password } = accountAt(range, i);
    try {
      clients[i] = (await BenchClient.login({ ...cmd, cache, username, password, resource: 'msg', timeoutMs: 30_000 })).client;
    } catch (err) {
      firstError ??= new Error(`login of ${username} failed: ${(err as Error).message}`);
    }
  });
  if (firstError !== undefined) {
    for (const client of clients) client?.socket.destroy();
    throw firstError;
  }
  return clients;
}

export async function runMessageSteps(cmd: MessagesCommand, cache: SaltedPasswordCache): Promise<MessagesReply> {
  const pairs = Math.min(cmd.senders.count, cmd.receivers.count);
  const receivers = await loginAll(cmd, { ...cmd.receivers, count: pairs }, cache);
  const senders = await loginAll(cmd, { ...cmd.senders, count: pairs }, cache);
  const meter = new StepMeter();
  let dropped = 0;
  for (const r of receivers) {
    r.listen((name, raw) => {
      if (name === 'message') meter.onReceived(raw);
    });
  }
  for (const s of senders) {
    s.listen((name, raw) => {
      if (name === 'message' && attribute(raw, 'type') === 'error') meter.errors++;
    });
  }
  for (const c of [...receivers, ...senders]) {
    c.onClose = () => dropped++;
    c.sendInitialPresence();
  }
  // Let presence broadcasts and roster work finish before the clock starts: the node's share of
  // the logins (its log lines, auth spans, stored rosters) must not be measured as message latency.
  await sleep(500);
  if (cmd.nodePid !== undefined) await waitIdle(cmd.nodePid, LOGIN_SETTLE_MAX_MS);

  const prefixes = receivers.map((r) => `<message to='${r.jid.split('/')[0]}' type='chat' id='`);
  let seq = 0;
  let cursor = 0;
  const sendBatch = (tag: number, n: number) => {
    const stamp = `'><body>${tag}:${performance.now().toFixed(3)}</body></message>`;
    const base = Math.floor(n / pairs);
    const extra = n % pairs;
    for (let j = 0; j < pairs; j++) {
      const idx = (cursor + j) % pairs;
      const count = base + (j < extra ? 1 : 0);
      if (count === 0) continue;
      let batch = '';
      for (let k = 0; k < count; k++) batch += prefixes[idx] + (seq++).toString(36) + stamp;
      senders[idx].write(batch);
    }
    cursor = (cursor + extra) % pairs;
  };

  const runStep = async (tag: number, rate: number, seconds: number): Promise<MessageStep> => {
    const expected = Math.round(rate * seconds);
    const start = performance.now();
    const end = start + seconds * 1000;
    meter.begin(tag, expected, end);
    const cpu = new CpuMeter(cmd.nodePid);
    cpu.start();
    // The generator's own stalls would show up as latency; measure them so they can be told apart.
    const loopDelay = monitorEventLoopDelay({ resolution: 5 });
    loopDelay.enable();
    let sent = 0;
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        const now = performance.now();
        const due = Math.min(expected, Math.floor((rate * (Math.min(now, end) - start)) / 1000));
        if (due > sent) {
          sendBatch(tag, due - sent);
          sent = due;
        }
        if (now >= end) {
          clearInterval(timer);
          resolve();
        }
      }, cmd.tickMs);
    });
    loopDelay.disable();
    const cpuShares = cpu.stop();
    const drainUntil = performance.now() + cmd.drainMs;
    while (meter.received < sent && performance.now() < drainUntil) await sleep(20);
    const latency = meter.latency.summary();
    const deliveredPerSecond = Math.round(meter.inWindow / seconds);
    const step: MessageStep = {
      offered_per_s: rate,
      sent_per_s: Math.round(sent / seconds),
      sent,
      delivered_per_s: deliveredPerSecond,
      lost: sent - meter.received,
      errors: meter.errors,
      latency,
      ...cpuShares,
      generator_loop_delay_p99_ms: Math.round(loopDelay.percentile(99) / 1e4) / 100,
      generator_loop_delay_max_ms: Math.round(loopDelay.max / 1e4) / 100,
      sustained: deliveredPerSecond >= cmd.sustainedRatio * rate && latency.p99_ms < cmd.sustainedP99Ms,
      attempts: 1,
    };
    meter.tag = -1;
    return step;
  };

  const steps: MessageStep[] = [];
  try {
    let tag = 0;
    if (cmd.warmupSeconds > 0) await runStep(tag++, cmd.rates[0], cmd.warmupSeconds);
    for (const rate of cmd.rates) {
      let step: MessageStep;
      let attempts = 0;
      do {
        await sleep(300);
        step = await runStep(tag++, rate, cmd.stepSeconds);
        attempts++;
      } while (!step.sustained && (step.other_cpu_pct ?? 0) > cmd.disturbedAbovePct && attempts < cmd.maxAttempts);
      step.attempts = attempts;
      steps.push(step);
      process.stderr.write(
        `generator: ${rate} msgs/s offered → ${step.delivered_per_s}/s delivered, p50 ${step.latency.p50_ms} ms, p99 ${step.latency.p99_ms} ms${step.sustained ? '' : ' (not sustained)'}${attempts > 1 ? ` after ${attempts} attempts` : ''}\n`,
      );
      if (!step.sustained) break;
    }
  } finally {
    const all = [...senders, ...receivers];
    for (const c of all) c.onClose = undefined;
    await runBounded(all.length, 200, (i) => all[i].close());
  }
  const sustained = steps.filter((s) => s.sustained).map((s) => s.offered_per_s);
  return {
    reply: 'messages',
    pairs,
    step_seconds: cmd.stepSeconds,
    steps,
    highest_sustained_per_s: sustained.length === 0 ? 0 : Math.max(...sustained),
    connections_dropped: dropped,
  };
}
