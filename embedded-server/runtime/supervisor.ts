// OTP-style supervisors: a process that traps exits, links to the children it starts and restarts
// them by strategy (one_for_one, one_for_all, rest_for_one) and restart type (permanent,
// transient, temporary), giving up with {error:'reached_max_restart_intensity'} when more than
// maxRestarts happen within periodMs. Its terminate stops the children in reverse start order.
import { RuntimeError } from './runtime-error.js';
import type { Runtime } from './runtime.js';
import { isSystemMessage } from './types.js';
import type { ExitReason, Pid, ProcessContext, ProcessSpec, SystemMessage } from './types.js';

export type RestartStrategy = 'one_for_one' | 'one_for_all' | 'rest_for_one';
export type RestartType = 'permanent' | 'transient' | 'temporary';

export interface ChildSpec {
  id: string;
  /** Spawns the child and returns its pid; the supervisor links to it. */
  start: (rt: Runtime) => Pid;
  /** Default 'permanent'. */
  restart?: RestartType;
}

export interface SupervisorSpec {
  name?: string;
  strategy: RestartStrategy;
  /** Default 3 restarts in 5000 ms. */
  intensity?: { maxRestarts: number; periodMs: number };
  children: ChildSpec[];
}

interface Child {
  id: string;
  start: (rt: Runtime) => Pid;
  restart: RestartType;
  pid: Pid | undefined;
}

const STRATEGIES: readonly RestartStrategy[] = ['one_for_one', 'one_for_all', 'rest_for_one'];

class SupervisorProcess implements ProcessSpec<never> {
  readonly kind = 'supervisor';
  readonly trapExits = true;
  private readonly children: Child[];
  private readonly restarts: number[] = [];
  private lastStartError: string | undefined;
  private ctx!: ProcessContext;

  constructor(private readonly spec: SupervisorSpec) {
    this.children = spec.children.map((c) => ({ id: c.id, start: c.start, restart: c.restart ?? 'permanent', pid: undefined }));
  }

  get name(): string | undefined {
    return this.spec.name;
  }

  init(ctx: ProcessContext): void {
    this.ctx = ctx;
    for (const child of this.children) {
      if (!this.startChild(child)) throw new Error(`start_failed: ${child.id}${this.lastStartError ? `: ${this.lastStartError}` : ''}`);
    }
    ctx.setState('supervising');
  }

  handle(msg: SystemMessage, ctx: ProcessContext): void {
    if (!isSystemMessage(msg) || msg.system !== 'EXIT') return;
    const index = this.children.findIndex((c) => c.pid === msg.from);
    if (index >= 0) this.childExited(index, msg.reason);
    // Any other linked process is our parent: follow it down, as a non-trapping process would.
    else if (msg.reason !== 'normal') ctx.exit(msg.reason);
  }

  terminate(): void {
    for (let i = this.children.length - 1; i >= 0; i--) this.stopChild(this.children[i]);
  }

  describeState(): unknown {
    return {
      strategy: this.spec.strategy,
      children: this.childList().map((c, i) => ({ ...c, restart: this.children[i].restart })),
      recentRestarts: this.restarts.length,
    };
  }

  childList(): { id: string; pid: Pid | undefined }[] {
    return this.children.map((c) => ({ id: c.id, pid: c.pid }));
  }

  private childExited(index: number, reason: ExitReason): void {
    const child = this.children[index];
    child.pid = undefined;
    const abnormal = reason !== 'normal' && reason !== 'shutdown';
    if (child.restart === 'temporary' || (child.restart === 'transient' && !abnormal)) {
      if (child.restart === 'temporary') this.children.splice(index, 1);
      return;
    }
    let affected: Child[];
    if (this.spec.strategy === 'one_for_one') affected = [child];
    else if (this.spec.strategy === 'one_for_all') affected = [...this.children];
    else affected = this.children.slice(index);
    for (let i = affected.length - 1; i >= 0; i--) this.stopChild(affected[i]);
    // Temporary siblings taken down with the failed child are not restarted, only forgotten.
    for (const c of affected) if (c.restart === 'temporary') this.children.splice(this.children.indexOf(c), 1);
    if (!this.countRestart()) return;
    for (const c of affected) {
      if (c.restart === 'temporary') continue;
      while (!this.startChild(c)) if (!this.countRestart()) return;
    }
  }

  /** Records a restart; false (and the supervisor has exited) when the intensity is exceeded. */
  private countRestart(): boolean {
    const { maxRestarts, periodMs } = this.spec.intensity ?? { maxRestarts: 3, periodMs: 5000 };
    const now = this.ctx.runtime.now();
    this.restarts.push(now);
    while (this.restarts.length > 0 && this.restarts[0] <= now - periodMs) this.restarts.shift();
    if (this.restarts.length <= maxRestarts) return true;
    this.ctx.setState('gave_up');
    this.ctx.exit({ error: 'reached_max_restart_intensity' });
    return false;
  }

  private startChild(child: Child): boolean {
    const rt = this.ctx.runtime;
    let pid: Pid;
    try {
      pid = child.start(rt);
    } catch (err) {
      this.lastStartError = err instanceof Error ? err.message : String(err);
      return false;
    }
    if (!rt.isAlive(pid)) {
      this.lastStartError = `child ${child.id} was not alive after start`;
      return false;
    }
    rt.link(this.ctx.self, pid);
    child.pid = pid;
    return true;
  }

  private stopChild(child: Child): void {
    if (child.pid === undefined) return;
    const pid = child.pid;
    child.pid = undefined;
    // Unlink first so the child's exit does not come back to us as an EXIT to act on.
    this.ctx.runtime.unlink(this.ctx.self, pid);
    this.ctx.runtime.stop(pid, 'shutdown');
  }
}

export function spawnSupervisor(rt: Runtime, spec: SupervisorSpec): Pid {
  if (!STRATEGIES.includes(spec.strategy)) throw new RuntimeError('invalid_argument', `unknown supervisor strategy ${String(spec.strategy)}`);
  const intensity = spec.intensity;
  if (intensity && (!Number.isInteger(intensity.maxRestarts) || intensity.maxRestarts < 0 || !(intensity.periodMs > 0))) {
    throw new RuntimeError('invalid_argument', 'intensity needs a non-negative integer maxRestarts and a positive periodMs');
  }
  const ids = new Set<string>();
  for (const child of spec.children) {
    if (ids.has(child.id)) throw new RuntimeError('invalid_argument', `duplicate child id ${child.id}`);
    ids.add(child.id);
  }
  return rt.spawn(new SupervisorProcess(spec));
}

/** The supervisor's children in start order with their current pids (undefined while not running). */
export function supervisorChildren(rt: Runtime, supervisor: Pid): { id: string; pid: Pid | undefined }[] {
  const spec = rt.specOf(supervisor);
  if (spec === undefined) throw new RuntimeError('no_such_process', `no process ${supervisor}`);
  if (!(spec instanceof SupervisorProcess)) throw new RuntimeError('invalid_argument', `process ${supervisor} is not a supervisor`);
  return spec.childList();
}
