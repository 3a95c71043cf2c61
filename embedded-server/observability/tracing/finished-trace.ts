// A kept trace: a copy of its TraceRecord's rows taken when tail sampling keeps it (the record goes
// back to the pool), its attributes made then (it must not hold the stanzas and sessions they were
// made of), made into span objects only when first read (admin API, OTLP export). Keeping is
// bounded in rate (tail-sampling.ts KeepBudget), so it may cost a little more than recording.
import { SpanStatusCode, type AttributeValue, type Attributes, type Link, type SpanKind, type SpanStatus, type TraceState } from '@opentelemetry/api';
import { ATTRIBUTE_FIELDS, MAX_ATTRIBUTES, SPAN_FIELDS, type RecordedEvent, type RecordedKey, type RecordedValue, type SpanExtras, type TraceRecord, type TraceRecordOwner } from './trace-record.js';

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

const UNSET: SpanStatus = Object.freeze({ code: SpanStatusCode.UNSET });
const NONE: readonly never[] = Object.freeze([]);

/** V8 makes a slice or a concatenation of a string only from this length on; shorter ones are copies. */
const V8_MIN_SLICE_LENGTH = 13;

/**
 * A copy of `s` that refers to no other string. An attribute value read from a stanza is a slice of
 * the whole chunk the socket delivered (up to 64 KB), and a JID's string a concatenation of such
 * slices: kept as they are, each of the thousands of kept traces would hold a chunk alive.
 * (UTF-16 both ways: lone surrogates survive.)
 */
function ownString(s: string): string {
  return s.length < V8_MIN_SLICE_LENGTH ? s : Buffer.from(s, 'utf16le').toString('utf16le');
}

/**
 * A record's attribute rows with every describer row replaced by the rows it makes, and recorded
 * objects (Jids) by their strings: a kept trace holds values only, not the stanza or the session
 * they were made of (held for as long as the trace store keeps the trace, they would fill the old
 * generation). Kept traces are few (SamplingPolicy.maxKeptPerSecond), so this is done when kept.
 */
function resolvedRows(cells: readonly (number | RecordedKey | RecordedValue | undefined)[], rows: number): (number | string | AttributeValue | undefined)[] {
  const out: (number | string | AttributeValue | undefined)[] = [];
  // A recorded object (a Jid) stands for its string. Strings are copied (ownString).
  const value = (v: RecordedValue | undefined): AttributeValue | undefined => {
    if (typeof v === 'string') return ownString(v);
    if (typeof v !== 'object' || v === null) return v;
    if (Array.isArray(v)) return v.map((item: unknown) => (typeof item === 'string' ? ownString(item) : item)) as AttributeValue;
    return ownString(String(v));
  };
  for (let i = 0; i < rows * ATTRIBUTE_FIELDS; i += ATTRIBUTE_FIELDS) {
    const slot = cells[i] as number;
    const key = cells[i + 1];
    const recorded = cells[i + 2] as RecordedValue | undefined;
    if (typeof key === 'string') out.push(slot, key, value(recorded));
    else {
      const described = (key as (subject: unknown) => Readonly<Record<string, RecordedValue>>)(recorded);
      for (const name in described) out.push(slot, name, value(described[name]));
    }
  }
  return out;
}

export class FinishedTrace {
  readonly traceState: TraceState | undefined;
  readonly startMs: number;
  /** Closed with spans still open (open longer than the timeout). */
  readonly incomplete: boolean;
  readonly spanCount: number;
  private readonly ids: TraceRecordOwner;
  private id: string | undefined;
  private readonly remoteParentId: string | undefined;
  private readonly names: string[];
  /** As TraceRecord.numbers. */
  private readonly numbers: number[];
  private readonly statusCodes: (SpanStatusCode | undefined)[];
  private readonly statusMessages: (string | undefined)[];
  private readonly spanIds: (string | undefined)[];
  private readonly extras: (SpanExtras | undefined)[];
  /** As TraceRecord.attributes, resolved: string keys and attribute values only. */
  private readonly attributes: (number | string | AttributeValue | undefined)[];
  private made: FinishedSpan[] | undefined = undefined;

  constructor(record: TraceRecord) {
    const n = record.count;
    const a = record.attributeCount;
    this.ids = record.owner;
    this.id = record.drawnTraceId;
    this.remoteParentId = record.remoteParentId;
    this.traceState = record.traceState;
    this.startMs = record.startMs;
    this.incomplete = record.incomplete;
    this.spanCount = n;
    this.names = record.names.slice(0, n);
    this.numbers = record.numbers.slice(0, n * SPAN_FIELDS);
    this.statusCodes = record.statusCodes.slice(0, n);
    this.statusMessages = record.statusMessages.slice(0, n);
    this.spanIds = record.spanIds.slice(0, n);
    this.extras = record.extras.slice(0, n);
    this.attributes = resolvedRows(record.attributes, a);
  }

  get traceId(): string {
    this.id ??= this.ids.newTraceId();
    return this.id;
  }

  /** In start order; the first is the root on this node. Made on first read. */
  get spans(): readonly FinishedSpan[] {
    this.made ??= this.make();
    return this.made;
  }

  private spanId(slot: number): string {
    let id = this.spanIds[slot];
    if (id === undefined) {
      id = this.ids.newSpanId();
      this.spanIds[slot] = id;
    }
    return id;
  }

  private make(): FinishedSpan[] {
    const spans: FinishedSpan[] = [];
    for (let slot = 0; slot < this.spanCount; slot++) {
      const i = slot * SPAN_FIELDS;
      const parent = this.numbers[i];
      const extras = this.extras[slot];
      const code = this.statusCodes[slot];
      const message = this.statusMessages[slot];
      const { attributes, dropped } = this.attributesOf(slot);
      spans.push({
        name: this.names[slot],
        kind: this.numbers[i + 1] as SpanKind,
        spanId: this.spanId(slot),
        parentSpanId: parent >= 0 ? this.spanId(parent) : this.remoteParentId,
        remoteParent: parent < 0 && this.remoteParentId !== undefined,
        startMs: this.numbers[i + 2],
        endMs: this.numbers[i + 3],
        attributes,
        status: code === undefined || code === SpanStatusCode.UNSET ? UNSET : message === undefined ? { code } : { code, message },
        events: extras?.events ?? NONE,
        links: extras?.links ?? NONE,
        droppedAttributes: (extras?.droppedAttributes ?? 0) + dropped,
        droppedEvents: extras?.droppedEvents ?? 0,
        droppedLinks: extras?.droppedLinks ?? 0,
      });
    }
    return spans;
  }

  /** The span's attributes (later rows of a key win), and how many keys were past the limit. */
  private attributesOf(slot: number): { attributes: Attributes; dropped: number } {
    const attributes: Attributes = {};
    let count = 0;
    let dropped = 0;
    const cells = this.attributes;
    for (let i = 0; i < cells.length; i += ATTRIBUTE_FIELDS) {
      if (cells[i] !== slot) continue;
      const key = cells[i + 1] as string;
      if (attributes[key] === undefined) {
        if (count >= MAX_ATTRIBUTES) {
          dropped++;
          continue;
        }
        count++;
      }
      attributes[key] = cells[i + 2] as AttributeValue | undefined;
    }
    return { attributes, dropped };
  }
}
