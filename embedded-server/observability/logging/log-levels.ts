// Run-time log levels: one global level and per-module overrides, applied at once to the loggers
// already handed out. A pino child that never had its own level set inherits its parent's level
// through the prototype chain, so children of a module logger (e.g. one per connection) follow it
// without being tracked; only the module loggers themselves carry a level and need setting.
import type { Logger } from 'pino';
import { LOG_LEVELS } from '../../config/node-config-schema.js';

export type LogLevelName = (typeof LOG_LEVELS)[number];

export const LOG_LEVEL_NAMES: readonly LogLevelName[] = LOG_LEVELS;

/** pino's numeric levels, as written in the `level` field of every line. */
export const LEVEL_VALUES: Readonly<Record<LogLevelName, number>> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 };

export function isLogLevelName(value: unknown): value is LogLevelName {
  return typeof value === 'string' && (LOG_LEVELS as readonly string[]).includes(value);
}

/** The level name of a numeric pino level (custom in-between values round down). */
export function levelName(value: number): LogLevelName {
  let name: LogLevelName = 'trace';
  for (const level of LOG_LEVELS) if (LEVEL_VALUES[level] <= value) name = level;
  return name;
}

export interface LevelsSnapshot {
  global: LogLevelName;
  /** Per-module overrides only. */
  modules: Record<string, LogLevelName>;
  /** Every module logger handed out so far, with the level it logs at now. */
  loggers: Record<string, LogLevelName>;
}

export interface LevelsChange {
  global?: LogLevelName;
  /** null puts the module back on the global level. */
  modules?: Record<string, LogLevelName | null>;
}

export class LogLevels {
  private globalLevel: LogLevelName;
  private readonly overrides = new Map<string, LogLevelName>();
  private readonly moduleLoggers = new Map<string, Logger>();
  /** Records level changes whatever the levels are: a change explains the lines that follow it. */
  private readonly changes: Logger;

  constructor(
    private readonly root: Logger,
    initial: { global: LogLevelName; modules?: Record<string, LogLevelName> },
  ) {
    this.globalLevel = initial.global;
    for (const [name, level] of Object.entries(initial.modules ?? {})) this.overrides.set(name, level);
    root.level = initial.global;
    this.changes = root.child({ module: 'logging' });
    this.changes.level = 'info';
  }

  get global(): LogLevelName {
    return this.globalLevel;
  }

  /** The level a module logs at: its override, else the global level. */
  effective(module: string): LogLevelName {
    return this.overrides.get(module) ?? this.globalLevel;
  }

  /** The logger of one module: a child of the root with `module` bound; one instance per name. */
  moduleLogger(name: string): Logger {
    let logger = this.moduleLoggers.get(name);
    if (logger === undefined) {
      logger = this.root.child({ module: name });
      logger.level = this.effective(name);
      this.moduleLoggers.set(name, logger);
    }
    return logger;
  }

  /** Applies a change atomically (everything is validated by the caller's schema or the types). */
  apply(change: LevelsChange): LevelsSnapshot {
    if (change.global !== undefined) this.globalLevel = change.global;
    for (const [name, level] of Object.entries(change.modules ?? {})) {
      if (level === null) this.overrides.delete(name);
      else this.overrides.set(name, level);
    }
    this.root.level = this.globalLevel;
    for (const [name, logger] of this.moduleLoggers) logger.level = this.effective(name);
    const snapshot = this.snapshot();
    this.changes.info({ what: 'log_levels_changed', global: snapshot.global, modules: snapshot.modules });
    return snapshot;
  }

  snapshot(): LevelsSnapshot {
    const loggers: Record<string, LogLevelName> = {};
    for (const name of [...this.moduleLoggers.keys()].sort()) loggers[name] = this.effective(name);
    return { global: this.globalLevel, modules: Object.fromEntries([...this.overrides].sort(([a], [b]) => a.localeCompare(b))), loggers };
  }
}
