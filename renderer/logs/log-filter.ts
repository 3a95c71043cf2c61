// The tail's filter: levels, structured fields (equal or not equal) and a text substring, compiled
// into one predicate. Known fields are compared on the entry's own properties (set at ingest);
// text and any other field are searched in the line itself with one compiled regular expression
// (case-insensitive for text), which scans as fast as a search in a lowercased copy would, without
// holding that copy for each of 200,000 lines. A field match is confirmed by parsing that line only.
import type { LogRecord } from './log-record.js';
import { LEVEL_NAMES, type LevelName } from './log-record.js';

export interface FieldFilter {
  key: string;
  value: string;
  /** Keep the lines whose field is NOT this value. */
  exclude?: boolean;
}

export interface LogFilter {
  /** Levels shown; all six when every level is on. */
  levels: readonly LevelName[];
  fields: readonly FieldFilter[];
  text: string;
}

export const EMPTY_FILTER: LogFilter = { levels: LEVEL_NAMES, fields: [], text: '' };

export function isEmptyFilter(filter: LogFilter): boolean {
  return filter.levels.length === LEVEL_NAMES.length && filter.fields.length === 0 && filter.text.trim() === '';
}

export function levelMask(levels: readonly LevelName[]): number {
  let mask = 0;
  for (const level of levels) mask |= 1 << LEVEL_NAMES.indexOf(level);
  return mask;
}

type Test = (record: LogRecord) => boolean;

function jidMatches(candidate: string | undefined, wanted: string): boolean {
  if (candidate === undefined) return false;
  if (candidate === wanted) return true;
  // A bare JID stands for its full JIDs too, as in the node's own filter.
  return !wanted.includes('/') && candidate.length > wanted.length && candidate.startsWith(wanted) && candidate[wanted.length] === '/';
}

function otherFieldValue(record: LogRecord, key: string): unknown {
  try {
    return (JSON.parse(record.line) as Record<string, unknown>)[key];
  } catch {
    return undefined;
  }
}

export function fieldValueText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function fieldTest({ key, value }: FieldFilter): Test {
  switch (key) {
    case 'node':
      return (r) => r.nodeId === value;
    case 'what':
    case 'module':
    case 'trace_id':
      return (r) => r[key] === value;
    case 'jid':
      return (r) => jidMatches(r.jid, value) || jidMatches(r.from_jid, value) || jidMatches(r.to_jid, value);
    case 'pid': {
      const pid = Number(value);
      return (r) => r.pid === pid;
    }
    default: {
      // The value as the node's JSON writes it: a string quoted, a number or boolean bare (then
      // followed by ',' or '}'). Only lines that pass this are parsed to confirm the key is top level.
      const pattern = new RegExp(`"${escapeRegExp(key)}":(?:${escapeRegExp(JSON.stringify(value))}|${escapeRegExp(value)}(?=[,}]))`);
      return (r) => pattern.test(r.line) && fieldValueText(otherFieldValue(r, key)) === value;
    }
  }
}

/**
 * The predicate of a filter. Markers (gaps) pass every filter but the node one: a gap must never be
 * filtered away from the lines of its node.
 */
export function compileFilter(filter: LogFilter): Test {
  const tests: Test[] = [];
  const nodeTests: Test[] = [];
  const mask = levelMask(filter.levels);
  if (mask !== levelMask(LEVEL_NAMES)) tests.push((r) => (r.levelBit & mask) !== 0);
  for (const field of filter.fields) {
    const test = fieldTest(field);
    (field.key === 'node' ? nodeTests : tests).push(field.exclude ? (r) => !test(r) : test);
  }
  const text = filter.text.trim();
  if (text !== '') {
    const pattern = new RegExp(escapeRegExp(text), 'i');
    tests.push((r) => pattern.test(r.line));
  }
  if (tests.length === 0 && nodeTests.length === 0) return () => true;
  return (r) => {
    for (let i = 0; i < nodeTests.length; i++) if (!nodeTests[i](r)) return false;
    if (r.marker !== undefined) return true;
    for (let i = 0; i < tests.length; i++) if (!tests[i](r)) return false;
    return true;
  };
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

export function sameField(a: FieldFilter, b: FieldFilter): boolean {
  return a.key === b.key && a.value === b.value && Boolean(a.exclude) === Boolean(b.exclude);
}

/** Adds a field filter (replacing its opposite on the same key and value). */
export function withField(filter: LogFilter, field: FieldFilter): LogFilter {
  const others = filter.fields.filter((f) => !(f.key === field.key && f.value === field.value));
  return { ...filter, fields: [...others, field] };
}
