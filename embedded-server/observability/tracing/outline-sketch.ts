// The usual outline (outline-trace.ts) without an object of its own: a stanza's trace that the
// sampling draw did not pick, whose root opens spans that do not fail, parks one delivery and writes
// no log line. While the root is open the stack tracer holds it (its entry 0); when the root closes,
// what a kept trace would need of it goes into the message its delivery is parked in (StanzaMeta's
// parked* and root* fields), and the recipient's end judges it from there: an ordinary one, neither
// failed nor slow, is counted and forgotten, having cost no allocation at all (the OutlineTrace it
// replaces was the larger part of the observer effect: docs/benchmarks.md). Anything else (a failure,
// a second delivery, a log line, a span object, a slow end, the sweep) makes the OutlineTrace from it
// and goes on as before.
import type { StanzaMeta } from '../../core/telemetry.js';
import { readingMs } from './light-span.js';
import { OUTLINE_OPEN, OutlineTrace, offsetUs } from './outline-trace.js';
import type { RecordedKey, RecordedValue } from './trace-record.js';

/**
 * Parks the sketch's delivery in `meta` (whose receivedAt is the root's start): `owner` and `mark`
 * (the recorder and its sketch mark) say whose it is, as a trace and generation do for other parked spans.
 */
export function parkSketch(meta: StanzaMeta, owner: object, mark: number, name: string, startMs: number, describer: unknown, subject: unknown): void {
  meta.parkedTrace = owner;
  meta.parkedGeneration = mark;
  meta.parkedSlot = -1;
  meta.parkedName = name;
  meta.parkedAtUs = offsetUs(readingMs(meta.receivedAt), startMs);
  meta.parkedDescriber = describer;
  meta.parkedSubject = subject;
  meta.rootEndUs = OUTLINE_OPEN;
}

/** The sketch's root closed at `endMs`, having opened `inner` spans it did not record. */
export function closeSketchRoot(meta: StanzaMeta, name: string, endMs: number, describer: unknown, subject: unknown, inner: number): void {
  meta.rootName = name;
  meta.rootEndUs = offsetUs(readingMs(meta.receivedAt), endMs);
  meta.rootDescriber = describer;
  meta.rootSubject = subject;
  meta.rootInner = inner;
}

/** The sketch's duration if its delivery ends at `endMs` (as OutlineTrace.durationMs counts it). */
export function sketchDurationMs(meta: StanzaMeta, endMs: number): number {
  const end = offsetUs(readingMs(meta.receivedAt), endMs);
  return (end > meta.rootEndUs ? end : meta.rootEndUs) / 1000;
}

/** The OutlineTrace of the sketch in `meta`, its delivery (index 0) still open; `meta` lets go of it. */
export function outlineOfSketch(meta: StanzaMeta): OutlineTrace {
  const outline = new OutlineTrace(readingMs(meta.receivedAt), meta.rootName as string, meta.rootDescriber as RecordedKey | undefined, meta.rootSubject as RecordedValue | undefined);
  outline.inner = meta.rootInner;
  outline.parkAt(meta.parkedName as string, meta.parkedAtUs, meta.parkedDescriber as RecordedKey, meta.parkedSubject as RecordedValue);
  outline.rootEnd = meta.rootEndUs;
  releaseSketch(meta);
  return outline;
}

/**
 * The sketch's root is still open and becomes `outline` (made from the stack's entry 0): its delivery
 * is parked in `meta` again, as a delivery of that outline (`mark`: the recorder's outline mark).
 */
export function moveSketchDelivery(meta: StanzaMeta, outline: OutlineTrace, mark: number): void {
  meta.parkedSlot = outline.parkAt(meta.parkedName as string, meta.parkedAtUs, meta.parkedDescriber as RecordedKey, meta.parkedSubject as RecordedValue);
  meta.parkedTrace = outline;
  meta.parkedGeneration = mark;
  releaseSketch(meta);
}

/** The message lets go of what the sketch refers to (the stanza, the sessions). */
export function releaseSketch(meta: StanzaMeta): void {
  meta.parkedName = undefined;
  meta.parkedDescriber = undefined;
  meta.parkedSubject = undefined;
  meta.rootName = undefined;
  meta.rootDescriber = undefined;
  meta.rootSubject = undefined;
}
