// What a server module is: an id, the hooks it handles, the IQ namespaces it serves and the disco
// features it adds — declared, so enabling a module adds exactly these and disabling it removes them
// (a disabled module's code never runs). Modules never call each other; they talk through hooks and
// the services in ModuleContext.
import type { Logger } from 'pino';
import type { Runtime } from '../runtime/index.js';
import type { Storage } from '../storage/storage.js';
import type { HookRegistration, Hooks } from './hooks.js';
import type { IqHandler } from './iq-handlers.js';
import type { Router } from './router.js';
import type { SessionTable } from './sessions.js';
import type { ChatMetrics } from './telemetry.js';

export interface ModuleContext {
  /** The XMPP domains this node serves. */
  hosts: readonly string[];
  storage: Storage;
  hooks: Hooks;
  router: Router;
  sessions: SessionTable;
  runtime: Runtime;
  log: Logger;
  nodeName: string;
  /** Version string of the node software. */
  version: string;
  /** Chat metrics a module reports into (e.g. offline messages delivered). */
  metrics: ChatMetrics;
  now(): number;
}

export interface ModuleInstance {
  hooks?: HookRegistration[];
  /** IQ payload namespaces answered for the server's own JID (to = domain). */
  serverIq?: Record<string, IqHandler>;
  /** IQ payload namespaces answered on behalf of an account (to = bare JID, or no 'to'). */
  accountIq?: Record<string, IqHandler>;
  /** disco#info features this module adds to the server's JID. */
  features?: string[];
  stop?(): void | Promise<void>;
}

export interface ServerModule<Options = Record<string, unknown>> {
  /** The config section name: [modules.<id>]. */
  id: string;
  start(ctx: ModuleContext, options: Options): ModuleInstance;
}

/** Helps type-check a module definition without widening its options type. */
export function defineModule<Options>(module: ServerModule<Options>): ServerModule<Options> {
  return module;
}
