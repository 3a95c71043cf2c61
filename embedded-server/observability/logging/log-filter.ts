// Which log entries a query or a live tail wants. Compiled once, then tested against the fields the
// ring keeps for every entry, so filtering never parses a line.

/** The fields kept next to each line; strings are the values the code logged (often shared). */
export interface LogFields {
  /** Epoch milliseconds. */
  time: number;
  /** pino numeric level (30 = info). */
  level: number;
  what: string | undefined;
  module: string | undefined;
  jid: string | undefined;
  from_jid: string | undefined;
  to_jid: string | undefined;
  /** Runtime process id; NaN when the line names none. */
  pid: number;
  trace_id: string | undefined;
  node: string | undefined;
}

/** A LogFields with nothing set: the scratch object the ring fills. */
export function blankFields(): LogFields {
  return { time: 0, level: 0, what: undefined, module: undefined, jid: undefined, from_jid: undefined, to_jid: undefined, pid: NaN, trace_id: undefined, node: undefined };
}

export interface LogEntry extends LogFields {
  seq: number;
  /** The JSON line exactly as written to the other outputs (with its trailing newline). */
  line: string;
}

export interface LogFilter {
  /** Minimum numeric level (e.g. 40: warn and above). */
  minLevel?: number;
  /** Exact `what` values; one ending in `*` matches by prefix (`c2s_*`). */
  what?: readonly string[];
  module?: readonly string[];
  /** Matched against jid, from_jid and to_jid; a bare JID also matches its full JIDs. */
  jid?: string;
  pid?: number;
  trace_id?: string;
  /** Case-insensitive substring of the whole JSON line. */
  text?: string;
}

export interface CompiledFilter {
  /** True when the entry passes every condition but `text`. */
  fields(entry: LogFields): boolean;
  /** Null when the filter has no text condition. */
  text: RegExp | null;
  matches(entry: LogFields, line: string): boolean;
}

interface NameMatcher {
  exact: Set<string>;
  prefixes: string[];
}

function nameMatcher(values: readonly string[] | undefined): NameMatcher | undefined {
  if (values === undefined || values.length === 0) return undefined;
  const exact = new Set<string>();
  const prefixes: string[] = [];
  for (const value of values) {
    if (value.endsWith('*')) prefixes.push(value.slice(0, -1));
    else exact.add(value);
  }
  return { exact, prefixes };
}

function nameMatches(matcher: NameMatcher, value: string | undefined): boolean {
  if (value === undefined) return false;
  if (matcher.exact.has(value)) return true;
  for (const prefix of matcher.prefixes) if (value.startsWith(prefix)) return true;
  return false;
}

function jidMatches(filterJid: string, bareWithSlash: string | undefined, value: string | undefined): boolean {
  if (value === undefined) return false;
  return value === filterJid || (bareWithSlash !== undefined && value.startsWith(bareWithSlash));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function compileFilter(filter: LogFilter): CompiledFilter {
  const minLevel = filter.minLevel ?? 0;
  const what = nameMatcher(filter.what);
  const module = nameMatcher(filter.module);
  const jid = filter.jid;
  const bareWithSlash = jid !== undefined && !jid.includes('/') ? `${jid}/` : undefined;
  const pid = filter.pid;
  const traceId = filter.trace_id;
  const text = filter.text === undefined || filter.text === '' ? null : new RegExp(escapeRegExp(filter.text), 'i');

  const fields = (entry: LogFields): boolean => {
    if (entry.level < minLevel) return false;
    if (what !== undefined && !nameMatches(what, entry.what)) return false;
    if (module !== undefined && !nameMatches(module, entry.module)) return false;
    if (pid !== undefined && entry.pid !== pid) return false;
    if (traceId !== undefined && entry.trace_id !== traceId) return false;
    if (
      jid !== undefined &&
      !jidMatches(jid, bareWithSlash, entry.jid) &&
      !jidMatches(jid, bareWithSlash, entry.from_jid) &&
      !jidMatches(jid, bareWithSlash, entry.to_jid)
    ) {
      return false;
    }
    return true;
  };
  return {
    fields,
    text,
    matches: (entry, line) => fields(entry) && (text === null || text.test(line)),
  };
}
