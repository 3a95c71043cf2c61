// A kept trace as span objects, made from its TraceRecord once tail sampling keeps it: what the
// store, the admin API and the OTLP export read. Nothing here changes after it is made.
import { SpanStatusCode, type Attributes, type Link, type SpanKind, type SpanStatus, type TraceState } from '@opentelemetry/api';
import { MAX_ATTRIBUTES, type RecordedEvent, type TraceRecord } from './trace-record.js';

export interface FinishedSpan {
  readonly name: string;
  readonly kind: SpanKind;
  readonly spanId: string;
  /** The local parent's id, or the remote parent's for the first span of a continued trace. */
  readonly parentSpanId: string | undefined;
  /** The parent is on another node (the first span of a continued trace). */
  readonly remoteParent: boolean;
  readonly startMs: number;
  /** NaN when the trace was closed before the span ended. */
  readonly endMs: number;
  readonly attributes: Attributes;
  readonly status: SpanStatus;
  readonly events: readonly RecordedEvent[];
  readonly links: readonly Link[];
  readonly droppedAttributes: number;
  readonly droppedEvents: number;
  readonly droppedLinks: number;
}

export interface FinishedTrace {
  readonly traceId: string;
  readonly traceState: TraceState | undefined;
  readonly startMs: number;
  /** Closed with spans still open (open longer than the timeout). */
  readonly incomplete: boolean;
  /** In start order; the first is the root on this node. */
  readonly spans: readonly FinishedSpan[];
}

const UNSET: SpanStatus = Object.freeze({ code: SpanStatusCode.UNSET });

/** The span's attributes (later rows of a key win), and how many keys were past the limit. */
function attributesOf(record: TraceRecord, slot: number): { attributes: Attributes; dropped: number } {
  const attributes: Attributes = {};
  let count = 0;
  let dropped = 0;
  for (let i = 0; i < record.attributeCount; i++) {
    if (record.attributeSlots[i] !== slot) continue;
    const key = record.attributeKeys[i];
    if (attributes[key] === undefined) {
      if (count >= MAX_ATTRIBUTES) {
        dropped++;
        continue;
      }
      count++;
    }
    const value = record.attributeValues[i];
    // A recorded object (a Jid) stands for its string; arrays are attribute values as they are.
    attributes[key] = typeof value === 'object' && value !== null && !Array.isArray(value) ? String(value) : value;
  }
  return { attributes, dropped };
}

export function finishTrace(record: TraceRecord): FinishedTrace {
  const spans: FinishedSpan[] = [];
  for (let slot = 0; slot < record.count; slot++) {
    const parent = record.parents[slot];
    const extras = record.extras[slot];
    const code = record.statusCodes[slot];
    const message = record.statusMessages[slot];
    const { attributes, dropped } = attributesOf(record, slot);
    spans.push({
      name: record.names[slot],
      kind: record.kinds[slot] as SpanKind,
      spanId: record.spanId(slot),
      parentSpanId: parent >= 0 ? record.spanId(parent) : record.remoteParentId,
      remoteParent: parent < 0 && record.remoteParentId !== undefined,
      startMs: record.starts[slot],
      endMs: record.ends[slot],
      attributes,
      status: code === SpanStatusCode.UNSET ? UNSET : message === undefined ? { code } : { code, message },
      events: extras?.events ?? [],
      links: extras?.links ?? [],
      droppedAttributes: (extras?.droppedAttributes ?? 0) + dropped,
      droppedEvents: extras?.droppedEvents ?? 0,
      droppedLinks: extras?.droppedLinks ?? 0,
    });
  }
  return { traceId: record.traceId, traceState: record.traceState, startMs: record.startMs, incomplete: record.incomplete, spans };
}
