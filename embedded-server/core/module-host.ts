// Starts the configured modules and wires their declarations into hooks and IQ dispatch; stopping
// removes everything a module added.
import type { Logger } from 'pino';
import type { Hooks } from './hooks.js';
import type { IqHandlers } from './iq-handlers.js';
import type { ModuleContext, ServerModule } from './server-module.js';

interface Started {
  id: string;
  undo: (() => void)[];
  stop?: () => void | Promise<void>;
}

export class ModuleHost {
  private readonly started: Started[] = [];

  constructor(
    private readonly hooks: Hooks,
    private readonly serverIq: IqHandlers,
    private readonly accountIq: IqHandlers,
    private readonly log: Logger,
  ) {}

  start(module: ServerModule<never>, ctx: ModuleContext, options: unknown): void {
    const instance = (module as ServerModule<unknown>).start(ctx, options);
    const undo: (() => void)[] = [];
    if (instance.hooks) undo.push(this.hooks.add(module.id, instance.hooks));
    for (const [ns, handler] of Object.entries(instance.serverIq ?? {})) undo.push(this.serverIq.register(ns, handler));
    for (const [ns, handler] of Object.entries(instance.accountIq ?? {})) undo.push(this.accountIq.register(ns, handler));
    const features = instance.features ?? [];
    if (features.length > 0) {
      // Declared features reach mod_disco through the disco_local_features hook, like any other contribution.
      undo.push(this.hooks.add(module.id, [{ hook: 'disco_local_features', priority: 50, handler: (acc) => [...acc, ...features] }]));
    }
    this.started.push({ id: module.id, undo, stop: instance.stop });
    this.log.debug({ what: 'module_started', server_module: module.id });
  }

  runningModules(): string[] {
    return this.started.map((s) => s.id);
  }

  async stopAll(): Promise<void> {
    for (const s of this.started.reverse()) {
      for (const undo of s.undo) undo();
      try {
        await s.stop?.();
      } catch (err) {
        this.log.error({ what: 'module_stop_failed', server_module: s.id, err });
      }
    }
    this.started.length = 0;
  }
}
