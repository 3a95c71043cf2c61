// The pino destination that feeds the log ring. pino.multistream hands a destination that asks for
// metadata the object that was logged (mixin fields merged in) and the logger that logged it, so
// the ring's filter fields are read from those objects instead of parsing the JSON line. Fields
// bound on a child logger (module, jid, pid) are parsed once per logger and cached.
import { pino, type DestinationStream, type Logger } from 'pino';
import { blankFields } from './log-filter.js';
import type { LogRing } from './log-ring.js';

const METADATA = Symbol.for('pino.metadata');
const CHINDINGS = pino.symbols.chindingsSym;

interface BoundFields {
  /** The bindings text this was parsed from; a logger's bindings can change (setBindings). */
  source: string;
  values: Record<string, unknown>;
}

export interface RingDestination extends DestinationStream {
  lastLevel: number;
  lastObj: Record<string, unknown> | undefined;
  lastLogger: Logger | undefined;
}

function parseBindings(source: string): Record<string, unknown> {
  if (source === '') return {};
  try {
    return JSON.parse(`{${source.slice(1)}}`) as Record<string, unknown>;
  } catch {
    return {};
  }
}

function text(value: unknown, fallback: unknown): string | undefined {
  if (typeof value === 'string') return value;
  return typeof fallback === 'string' ? fallback : undefined;
}

/** `now` returns the epoch milliseconds of the line being written (the logger's timestamp). */
export function ringDestination(ring: LogRing, now: () => number = Date.now): RingDestination {
  const fields = blankFields();
  const cache = new WeakMap<object, BoundFields>();
  const none: Record<string, unknown> = {};

  const boundOf = (logger: Logger | undefined): Record<string, unknown> => {
    if (logger === undefined) return none;
    const source = (logger as unknown as Record<symbol, unknown>)[CHINDINGS];
    if (typeof source !== 'string') return none;
    let bound = cache.get(logger);
    if (bound === undefined || bound.source !== source) {
      bound = { source, values: parseBindings(source) };
      cache.set(logger, bound);
    }
    return bound.values;
  };

  return {
    [METADATA]: true,
    lastLevel: 0,
    lastObj: undefined,
    lastLogger: undefined,
    write(this: RingDestination, line: string): void {
      // Without metadata (not behind pino.multistream) the line itself is the only source.
      const obj = this.lastObj ?? (JSON.parse(line) as Record<string, unknown>);
      const bound = boundOf(this.lastLogger);
      fields.time = this.lastObj === undefined && typeof obj.time === 'number' ? obj.time : now();
      fields.level = this.lastObj === undefined && typeof obj.level === 'number' ? obj.level : this.lastLevel;
      fields.what = text(obj.what, bound.what);
      fields.module = text(obj.module, bound.module);
      fields.jid = text(obj.jid, bound.jid);
      fields.from_jid = text(obj.from_jid, bound.from_jid);
      fields.to_jid = text(obj.to_jid, bound.to_jid);
      fields.trace_id = text(obj.trace_id, bound.trace_id);
      fields.node = text(obj.node, bound.node);
      const pid = typeof obj.pid === 'number' ? obj.pid : bound.pid;
      fields.pid = typeof pid === 'number' ? pid : NaN;
      ring.append(fields, line);
    },
  } as RingDestination;
}
