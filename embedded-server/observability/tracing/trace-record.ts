// The spans of one open trace, as rows of a few arrays in one pooled object: a span is a slot
// number, not an object, and a trace that tail sampling drops (99% of them by default) costs no
// allocation once the pool is warm. Span objects (finished-trace.ts) are made only for kept traces.
// Few arrays, each dense: a trace is completed by another process (the recipient), by then out of
// the CPU caches, and every array it touches is another line to fetch.
import { SpanStatusCode, type AttributeValue, type Link, type TraceState } from '@opentelemetry/api';

/** Per span (OTel's default limit); attributes past it are counted as dropped. */
export const MAX_ATTRIBUTES = 128;
/** Attribute rows one trace takes by appending (SpanStack.attribute); past it, writes look for the key first. */
const MAX_APPENDED_ROWS = 1024;
/** Cells per span in TraceRecord.numbers, and per attribute row in TraceRecord.attributes. */
export const SPAN_FIELDS = 4;
export const ATTRIBUTE_FIELDS = 3;
const MAX_EVENTS = 128;
const MAX_LINKS = 32;

/**
 * An attribute value as recorded: an object other than an array (a Jid) stands for its string, which
 * is made only if the trace is kept.
 */
export type RecordedValue = AttributeValue | { toString(): string };

/** The key cell of an attribute row: a key, or a describer whose row's value is its subject (SpanStack.describe). */
export type RecordedKey = string | ((subject: never) => Readonly<Record<string, AttributeValue>>);

export interface RecordedEvent {
  name: string;
  timeMs: number;
  attributes: Record<string, AttributeValue | undefined> | undefined;
}

/** What few spans have: kept apart so the common span stays a few array cells. */
export interface SpanExtras {
  events: RecordedEvent[];
  links: Link[];
  droppedAttributes: number;
  droppedEvents: number;
  droppedLinks: number;
}

/** What the record needs from the recorder that owns it. */
export interface TraceRecordOwner {
  now(): number;
  /** Ids are drawn when first read (most never are). */
  newTraceId(): string;
  newSpanId(): string;
  /** The last open span of `record` ended. */
  completed(record: TraceRecord): void;
}

export class TraceRecord {
  /** Bumped each time the record is reused: a parked span or stack entry of an earlier trace no longer matches. */
  generation = 0;
  startMs = 0;
  /** Spans recorded (slots 0 .. count-1, in start order). */
  count = 0;
  /** Spans started and not yet ended. */
  open = 0;
  /** Decided (kept, dropped, evicted or timed out): nothing more is recorded. */
  done = false;
  /** Set when the trace was closed with spans still open. */
  incomplete = false;
  /**
   * The sampling draw, if taken before the trace ends (lazy-trace.ts SAMPLED, NOT_SAMPLED; 0 when not
   * yet): a lazy trace or an outline moved here brings its own, which the judgement then uses.
   */
  drawn = 0;
  /** An OTel Span object refers to it: never reused, since the object may be read at any later time. */
  pinned = false;
  /** Set when the trace continues one from elsewhere (traceparent): its ids there. */
  remoteParentId: string | undefined = undefined;
  traceState: TraceState | undefined = undefined;
  private id: string | undefined = undefined;

  // One row per slot.
  readonly names: string[] = [];
  /**
   * SPAN_FIELDS numbers per slot: the parent's slot (-1 for the first span, whose parent, if any,
   * is remoteParentId), the kind, the start and the end (epoch milliseconds; the end is NaN until
   * the span ends, and forever when the trace was closed before it ended).
   */
  readonly numbers: number[] = [];
  // Rows most spans never set: written only when set (a missing cell reads as undefined), cleared
  // on reuse only if written, so an ordinary span costs five cell writes.
  /** Undefined: UNSET. */
  readonly statusCodes: (SpanStatusCode | undefined)[] = [];
  readonly statusMessages: (string | undefined)[] = [];
  readonly spanIds: (string | undefined)[] = [];
  readonly extras: (SpanExtras | undefined)[] = [];
  private sparseWritten = false;

  // Attributes of all spans, ATTRIBUTE_FIELDS cells per row (slot, key, value): no object per span.
  attributeCount = 0;
  readonly attributes: (number | RecordedKey | RecordedValue | undefined)[] = [];

  constructor(readonly owner: TraceRecordOwner) {}

  /** Makes a fresh (or reused) record the start of a new trace. */
  begin(startMs: number, remoteTraceId: string | undefined, remoteParentId: string | undefined, traceState: TraceState | undefined): void {
    this.startMs = startMs;
    this.id = remoteTraceId;
    this.remoteParentId = remoteParentId;
    this.traceState = traceState;
  }

  get traceId(): string {
    this.id ??= this.owner.newTraceId();
    return this.id;
  }

  /** The trace id if anyone has read it yet (a kept trace draws it only when it is read). */
  get drawnTraceId(): string | undefined {
    return this.id;
  }

  spanId(slot: number): string {
    let id = this.spanIds[slot];
    if (id === undefined) {
      id = this.owner.newSpanId();
      this.spanIds[slot] = id;
      this.sparseWritten = true;
    }
    return id;
  }

  /** Gives `slot` an id already handed out (an outline's first span, which a log line named before the record existed). */
  useSpanId(slot: number, id: string): void {
    this.spanIds[slot] = id;
    this.sparseWritten = true;
  }

  /** Draws every id not drawn yet. */
  drawIds(): void {
    this.id ??= this.owner.newTraceId();
    for (let slot = 0; slot < this.count; slot++) this.spanId(slot);
  }

  /** Adds a span (the caller has checked the trace is open and under its span limit); returns its slot. */
  add(name: string, parent: number, kind: number, startMs: number): number {
    const slot = this.count++;
    this.names[slot] = name;
    const i = slot * SPAN_FIELDS;
    const numbers = this.numbers;
    numbers[i] = parent;
    numbers[i + 1] = kind;
    numbers[i + 2] = startMs;
    numbers[i + 3] = NaN;
    this.open++;
    return slot;
  }

  parentOf(slot: number): number {
    return this.numbers[slot * SPAN_FIELDS];
  }

  kindOf(slot: number): number {
    return this.numbers[slot * SPAN_FIELDS + 1];
  }

  startOf(slot: number): number {
    return this.numbers[slot * SPAN_FIELDS + 2];
  }

  endOf(slot: number): number {
    return this.numbers[slot * SPAN_FIELDS + 3];
  }

  /** Whether the span in `slot` still takes writes. */
  recording(slot: number): boolean {
    return !this.done && Number.isNaN(this.numbers[slot * SPAN_FIELDS + 3]);
  }

  end(slot: number, endMs: number): void {
    if (!this.recording(slot)) return;
    this.numbers[slot * SPAN_FIELDS + 3] = endMs;
    if (--this.open === 0) this.owner.completed(this);
  }

  /** Sets the end of a span copied in already ended (SpanRecorder.materialize): no completion check. */
  markEnded(slot: number, endMs: number): void {
    this.numbers[slot * SPAN_FIELDS + 3] = endMs;
    this.open--;
  }

  /** Sets or replaces one attribute (at most 128 per span; more are counted as dropped). */
  setAttribute(slot: number, key: string, value: RecordedValue): void {
    const cells = this.attributes;
    let ofSlot = 0;
    for (let i = 0; i < this.attributeCount * ATTRIBUTE_FIELDS; i += ATTRIBUTE_FIELDS) {
      if (cells[i] !== slot) continue;
      if (cells[i + 1] === key) {
        cells[i + 2] = value;
        return;
      }
      ofSlot++;
    }
    if (ofSlot >= MAX_ATTRIBUTES) {
      this.more(slot).droppedAttributes++;
      return;
    }
    this.appendAttribute(slot, key, value);
  }

  /**
   * Sets an attribute without looking for an earlier value of the key: a later row wins when the
   * trace is made into spans (finished-trace.ts), which also applies the per-span limit.
   */
  appendAttribute(slot: number, key: string, value: RecordedValue): void {
    if (this.attributeCount >= MAX_APPENDED_ROWS) {
      this.setAttribute(slot, key, value);
      return;
    }
    this.pushRow(slot, key, value);
  }

  /** One row standing for the attributes describe(subject) makes if the trace is kept (finished-trace.ts). */
  appendDescription(slot: number, describe: RecordedKey, subject: RecordedValue): void {
    if (this.attributeCount >= MAX_APPENDED_ROWS) {
      this.more(slot).droppedAttributes++;
      return;
    }
    this.pushRow(slot, describe, subject);
  }

  private pushRow(slot: number, key: RecordedKey, value: RecordedValue): void {
    const i = this.attributeCount++ * ATTRIBUTE_FIELDS;
    const cells = this.attributes;
    cells[i] = slot;
    cells[i + 1] = key;
    cells[i + 2] = value;
  }

  /** OTel API status rules: UNSET never overrides, OK is final. */
  setStatus(slot: number, code: SpanStatusCode, message: string | undefined): void {
    if (code === SpanStatusCode.UNSET || this.statusCodes[slot] === SpanStatusCode.OK) return;
    this.statusCodes[slot] = code;
    this.statusMessages[slot] = message;
    this.sparseWritten = true;
  }

  addEvent(slot: number, event: RecordedEvent): void {
    const extras = this.more(slot);
    if (extras.events.length >= MAX_EVENTS) extras.droppedEvents++;
    else extras.events.push(event);
  }

  addLink(slot: number, link: Link): void {
    const extras = this.more(slot);
    if (extras.links.length >= MAX_LINKS) extras.droppedLinks++;
    else extras.links.push(link);
  }

  private more(slot: number): SpanExtras {
    let extras = this.extras[slot];
    if (extras === undefined) {
      extras = { events: [], links: [], droppedAttributes: 0, droppedEvents: 0, droppedLinks: 0 };
      this.extras[slot] = extras;
      this.sparseWritten = true;
    }
    return extras;
  }

  /** Empties the record for reuse; references are cleared so a pooled record holds nothing alive. */
  reset(): void {
    this.generation++;
    if (this.sparseWritten) {
      for (let i = 0; i < this.count; i++) {
        this.statusCodes[i] = undefined;
        this.statusMessages[i] = undefined;
        this.spanIds[i] = undefined;
        this.extras[i] = undefined;
      }
      this.sparseWritten = false;
    }
    // Keys and values: a describer may be a closure over a session (slots are numbers).
    for (let i = 1; i < this.attributeCount * ATTRIBUTE_FIELDS; i += ATTRIBUTE_FIELDS) {
      this.attributes[i] = undefined;
      this.attributes[i + 1] = undefined;
    }
    this.count = 0;
    this.open = 0;
    this.attributeCount = 0;
    this.done = false;
    this.incomplete = false;
    this.drawn = 0;
    this.remoteParentId = undefined;
    this.traceState = undefined;
    this.id = undefined;
  }
}
