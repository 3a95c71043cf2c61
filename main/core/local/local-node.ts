// One local node's process: start (staged), stop (SIGTERM, then SIGKILL after 10 s), restart, kill
// (SIGKILL, to rehearse a crash), its kept stdout/stderr, and its status as the console shows it.
// Every status change is pushed through onChange.
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { nodeInfo, type NodeInfo } from '../../../embedded-server/admin/contract/node.js';
import { usersCreate } from '../../../embedded-server/admin/contract/users.js';
import { ConsoleCallError } from '../../common/console-errors.js';
import { START_STAGES, type NodeLastError, type NodeStatus, type NodeView } from '../../common/node-views.js';
import { NodeAdminClient } from '../admin/node-admin-client.js';
import { configPath, nodeDataDir, type LocalNodeSpec } from './local-node-spec.js';
import type { NodeLauncher } from './node-launcher.js';
import { LineSplitter, OutputBuffer } from './output-buffer.js';
import { prepareConfig } from './prepare-config.js';
import { StartStages } from './start-stages.js';

export interface LocalNodeDeps {
  launcher: NodeLauncher;
  onChange(node: LocalNode): void;
  /** The spec changed (ports moved, test user created): persist it. */
  onSpecChange(spec: LocalNodeSpec): void;
  now?: () => number;
  adminReadyTimeoutMs?: number;
  stopTimeoutMs?: number;
}

const ADMIN_POLL_MS = 150;

export class LocalNode {
  status: NodeStatus = 'stopped';
  lastError: NodeLastError | null = null;
  info: NodeInfo | null = null;
  readonly output = new OutputBuffer();
  private stages: StartStages | undefined;
  private child: ChildProcess | undefined;
  private ending: 'stop' | 'kill' | undefined;
  private exited: Promise<void> = Promise.resolve();
  private listenersUp: (() => void) | undefined;
  private client: NodeAdminClient | undefined;
  private token: string | undefined;
  private readonly now: () => number;

  constructor(
    public spec: LocalNodeSpec,
    private readonly deps: LocalNodeDeps,
  ) {
    this.now = deps.now ?? Date.now;
  }

  get id(): string {
    return this.spec.id;
  }

  /** The admin API client (recreated when the admin port moves). */
  get admin(): NodeAdminClient {
    const baseUrl = `http://127.0.0.1:${this.spec.ports.admin}`;
    if (this.client?.baseUrl !== baseUrl) this.client = new NodeAdminClient({ baseUrl, token: () => this.readToken(), timeoutMs: 5000 });
    return this.client;
  }

  get running(): boolean {
    return this.child !== undefined;
  }

  view(): NodeView {
    const uptime = this.status === 'running' || this.status === 'unreachable' ? this.info?.started_at_ms : undefined;
    return {
      id: this.spec.id,
      name: this.spec.name,
      kind: 'local',
      status: this.status,
      stages: this.stages?.stages ?? START_STAGES.map((stage) => ({ stage, status: 'pending', at: null })),
      version: this.info?.version ?? null,
      uptime_s: uptime === undefined ? null : Math.max(0, Math.round((this.now() - uptime) / 1000)),
      hosts: this.info?.hosts ?? [this.spec.host],
      ports: { ...this.spec.ports },
      adminUrl: this.admin.baseUrl,
      testUser: { ...this.spec.testUser },
      lastError: this.lastError,
      osPid: this.child?.pid ?? null,
      dataDir: nodeDataDir(this.spec),
      configFile: configPath(this.spec),
    };
  }

  /** Resolves when the staged start ended: running, or failed at a stage (see the view). */
  async start(): Promise<void> {
    if (this.child !== undefined || this.status === 'starting' || this.status === 'stopping') {
      throw new ConsoleCallError({ code: 'conflict', message: `node ${this.spec.name} is ${this.status}` });
    }
    this.stages = new StartStages(['c2s', 'websocket'], this.now);
    this.lastError = null;
    this.info = null;
    this.token = undefined;
    this.setStatus('starting');
    await this.prepare();

    const listenersUp = new Promise<void>((resolve) => (this.listenersUp = resolve));
    const child = this.spawn();
    await listenersUp;
    if (this.child !== child || this.stages.current !== 'admin_ready') return;
    await this.waitForAdmin(child);
  }

  /** SIGTERM, then SIGKILL when the node has not exited after the stop timeout. */
  async stop(): Promise<void> {
    const child = this.child;
    if (child === undefined) {
      if (this.status !== 'stopped') this.setStatus('stopped');
      return;
    }
    this.ending = 'stop';
    this.setStatus('stopping');
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), this.deps.stopTimeoutMs ?? 10_000);
    await this.exited;
    clearTimeout(timer);
  }

  /** SIGKILL: the node gets no chance to clean up, as in a real crash. */
  async kill(): Promise<void> {
    const child = this.child;
    if (child === undefined) throw new ConsoleCallError({ code: 'conflict', message: `node ${this.spec.name} is not running` });
    this.ending = 'kill';
    child.kill('SIGKILL');
    await this.exited;
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  /** The overview's health check: the admin API answered (with fresh info) or stopped answering. */
  reachable(info: NodeInfo | null, error?: ConsoleCallError): void {
    if (info !== null) this.info = info;
    if (this.status === 'running' && info === null) {
      this.lastError = { message: error?.message ?? 'the admin API does not answer', at: this.now() };
      this.setStatus('unreachable');
    } else if (this.status === 'unreachable' && info !== null && this.stages?.complete !== false) {
      this.setStatus('running');
    }
  }

  private spawn(): ChildProcess {
    const child = this.deps.launcher.spawn(['start', '--config', configPath(this.spec)]);
    this.child = child;
    this.ending = undefined;
    const stages = this.stages!;
    const out = new LineSplitter();
    const err = new LineSplitter();
    const onOut = (line: string) => {
      this.output.push('stdout', line);
      if (!stages.readingOutput) return;
      const before = stages.current;
      stages.stdout(line);
      if (stages.current !== before) this.changed();
      if (stages.current === 'admin_ready') this.listenersUp?.();
    };
    const onErr = (line: string) => {
      this.output.push('stderr', line);
      stages.stderr(line);
    };
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => out.push(chunk, onOut));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => err.push(chunk, onErr));
    child.once('spawn', () => {
      stages.spawned();
      this.changed();
    });
    this.exited = new Promise((resolve) => {
      child.once('error', (error) => {
        // Spawning failed (no node binary): no 'close' follows without a process.
        if (child.pid !== undefined) return;
        stages.spawnFailed(`cannot start the node process: ${error.message}`);
        this.ended(child, null, null, error.message);
        resolve();
      });
      child.once('close', (code, signal) => {
        out.flush(onOut);
        err.flush(onErr);
        this.ended(child, code, signal);
        resolve();
      });
    });
    return child;
  }

  private ended(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null, spawnError?: string): void {
    if (this.child !== child) return;
    this.child = undefined;
    const stages = this.stages!;
    const at = this.now();
    if (this.status === 'starting' && stages.current !== undefined) {
      if (spawnError === undefined) stages.exited(code, signal);
      const failed = stages.failed;
      this.lastError = { message: `start failed at ${failed?.stage ?? 'start'}: ${failed?.lines?.at(-1) ?? 'the node exited'}`, at, exitCode: code, signal };
      this.setStatus('crashed');
    } else if (this.ending === 'stop') {
      this.setStatus('stopped');
    } else if (this.ending === 'kill') {
      this.lastError = { message: 'killed with SIGKILL from the console', at, exitCode: code, signal };
      this.setStatus('crashed');
    } else {
      const lastStderr = this.output.tail(20).filter((l) => l.stream === 'stderr').at(-1)?.text;
      const how = signal !== null ? `was ended by ${signal}` : `exited with code ${code}`;
      this.lastError = { message: `the node ${how}${lastStderr === undefined ? '' : `: ${lastStderr}`}`, at, exitCode: code, signal };
      this.setStatus('crashed');
    }
    this.listenersUp?.();
  }

  private async waitForAdmin(child: ChildProcess): Promise<void> {
    const stages = this.stages!;
    const deadline = this.now() + (this.deps.adminReadyTimeoutMs ?? 20_000);
    let lastError: string;
    while (this.child === child) {
      try {
        this.info = await this.admin.call(nodeInfo, {}, { timeoutMs: 2000 });
        stages.adminReady();
        this.setStatus('running');
        await this.ensureTestUser();
        return;
      } catch (error) {
        lastError = error instanceof Error ? error.message : String(error);
      }
      if (this.now() >= deadline) {
        stages.adminFailed(`GET /api/node did not answer within ${this.deps.adminReadyTimeoutMs ?? 20_000} ms: ${lastError}`);
        this.lastError = { message: `the admin API is not answering: ${lastError}`, at: this.now() };
        this.setStatus('unreachable');
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, ADMIN_POLL_MS));
    }
  }

  private async ensureTestUser(): Promise<void> {
    if (this.spec.testUserCreated) return;
    try {
      await this.admin.call(usersCreate, { body: { jid: this.spec.testUser.jid, password: this.spec.testUser.password } });
    } catch (error) {
      const exists = error instanceof ConsoleCallError && (error.details as { nodeCode?: string } | undefined)?.nodeCode === 'conflict';
      if (!exists) {
        this.lastError = { message: `could not create the test user ${this.spec.testUser.jid}: ${(error as Error).message}`, at: this.now() };
        this.changed();
        return;
      }
    }
    this.spec = { ...this.spec, testUserCreated: true };
    this.deps.onSpecChange(this.spec);
    this.changed();
  }

  private async prepare(): Promise<void> {
    const { spec, notes } = await prepareConfig(this.spec);
    for (const note of notes) this.output.push('stderr', note);
    if (JSON.stringify(spec.ports) === JSON.stringify(this.spec.ports)) return;
    this.spec = spec;
    this.deps.onSpecChange(this.spec);
  }

  private readToken(): string | undefined {
    if (this.token !== undefined) return this.token;
    try {
      const token = readFileSync(join(nodeDataDir(this.spec), 'admin.token'), 'utf8').trim();
      this.token = token === '' ? undefined : token;
    } catch {
      this.token = undefined;
    }
    return this.token;
  }

  private setStatus(status: NodeStatus): void {
    this.status = status;
    this.changed();
  }

  private changed(): void {
    this.deps.onChange(this);
  }
}
