// Everything a client connection needs from the node, passed explicitly.
import type { Logger } from 'pino';
import type { Hooks } from '../core/hooks.js';
import type { Router } from '../core/router.js';
import type { SessionTable } from '../core/sessions.js';
import type { Telemetry } from '../core/telemetry.js';
import type { Runtime } from '../runtime/index.js';
import type { Storage } from '../storage/storage.js';
import type { SaslMechanism } from './sasl-exchange.js';

export type TlsMode = 'starttls_required' | 'starttls' | 'none';

export interface C2sCounters {
  connectionsOpened: number;
  loginsOk: Record<SaslMechanism, number>;
  loginsFailed: Record<SaslMechanism, number>;
  stanzasIn: number;
  stanzasOut: number;
  streamErrors: number;
}

export function newC2sCounters(): C2sCounters {
  return {
    connectionsOpened: 0,
    loginsOk: { 'SCRAM-SHA-256': 0, 'SCRAM-SHA-1': 0, PLAIN: 0 },
    loginsFailed: { 'SCRAM-SHA-256': 0, 'SCRAM-SHA-1': 0, PLAIN: 0 },
    stanzasIn: 0,
    stanzasOut: 0,
    streamErrors: 0,
  };
}

export interface C2sDeps {
  hosts: readonly string[];
  tlsMode: TlsMode;
  authMethods: readonly SaslMechanism[];
  sessions: SessionTable;
  router: Router;
  hooks: Hooks;
  runtime: Runtime;
  storage: Storage;
  log: Logger;
  /** Bound of each session's mailbox; a session whose client stops reading is closed past it. */
  maxMailbox: number;
  counters: C2sCounters;
  telemetry: Telemetry;
  now(): number;
}
