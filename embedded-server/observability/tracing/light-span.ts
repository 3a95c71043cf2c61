// An OpenTelemetry API Span that records into its trace's buffer and nothing else: no processor, no
// promise, no id strings until asked. The tail sampler decides what happens to the whole trace once
// its last span ends.
import {
  SpanKind,
  SpanStatusCode,
  TraceFlags,
  type Attributes,
  type AttributeValue,
  type Exception,
  type Link,
  type Span,
  type SpanAttributes,
  type SpanContext,
  type SpanStatus,
  type TimeInput,
  type TraceState,
} from '@opentelemetry/api';

const TIME_ORIGIN = performance.timeOrigin;
const MAX_ATTRIBUTES = 128;
const MAX_EVENTS = 128;
const MAX_LINKS = 32;
const UNSET: SpanStatus = Object.freeze({ code: SpanStatusCode.UNSET });

/** Epoch milliseconds; numbers below the time origin are performance.now() readings (as in the OTel SDK). */
export function timeInputMs(time: TimeInput): number {
  if (typeof time === 'number') return time < TIME_ORIGIN ? TIME_ORIGIN + time : time;
  if (time instanceof Date) return time.getTime();
  return time[0] * 1000 + time[1] / 1e6;
}

function isTimeInput(value: unknown): value is TimeInput {
  return typeof value === 'number' || value instanceof Date || Array.isArray(value);
}

/** What spans need from the tracer that made them. */
export interface SpanRecorderHooks {
  now(): number;
  /** Ids are drawn when first read (most never are). */
  newTraceId(): string;
  newSpanId(): string;
  /** The last open span of `trace` ended. */
  completed(trace: TraceBuffer): void;
}

export interface RecordedEvent {
  name: string;
  timeMs: number;
  attributes: Attributes | undefined;
}

/** The spans of one trace on this node, from its first span until the sampler decides. */
export class TraceBuffer {
  /** Spans in start order, as a list through LightSpan.next: no array to allocate and grow per trace. */
  first!: LightSpan;
  last!: LightSpan;
  spanCount = 0;
  /** Spans started and not yet ended. */
  open = 1;
  /** Decided (kept, dropped or evicted): later spans are not recorded. */
  done = false;
  /** Set when the trace was closed with spans still open. */
  incomplete = false;
  /** Neighbours in the recorder's list of open traces (oldest first). */
  older: TraceBuffer | undefined = undefined;
  newer: TraceBuffer | undefined = undefined;
  private id: string | undefined;

  constructor(
    readonly hooks: SpanRecorderHooks,
    readonly startMs: number,
    /** Set when the trace continues one from elsewhere (traceparent): its ids there. */
    remoteTraceId: string | undefined,
    readonly remoteParentId: string | undefined,
    readonly traceState: TraceState | undefined,
  ) {
    this.id = remoteTraceId;
  }

  append(span: LightSpan): void {
    if (this.spanCount === 0) this.first = span;
    else this.last.next = span;
    this.last = span;
    this.spanCount++;
  }

  /** The spans as an array (for readers, off the hot path). */
  get spans(): LightSpan[] {
    const out: LightSpan[] = [];
    for (let span: LightSpan | undefined = this.first; span !== undefined; span = span.next) out.push(span);
    return out;
  }

  get traceId(): string {
    this.id ??= this.hooks.newTraceId();
    return this.id;
  }
}

/** What few spans have: kept apart so the common span stays small. */
interface SpanExtras {
  events: RecordedEvent[];
  links: Link[];
  droppedAttributes: number;
  droppedEvents: number;
  droppedLinks: number;
}

const EMPTY: Attributes = Object.freeze({}) as Attributes;

export class LightSpan implements Span {
  name: string;
  readonly kind: SpanKind;
  readonly startMs: number;
  /** NaN until the span ends, and forever when its trace was closed before it ended. */
  endMs = NaN;
  ended: boolean;
  /** Shared with the caller (or EMPTY) until the first write: a constant attributes object costs no copy. */
  attributes: Attributes;
  status: SpanStatus = UNSET;
  /** Attributes owned by this span; -1 while `attributes` is still the caller's object. */
  private attributeCount = -1;
  private id: string | undefined = undefined;
  private extras: SpanExtras | undefined = undefined;
  /** The next span of the same trace (recorded spans only). */
  next: LightSpan | undefined = undefined;

  constructor(
    readonly trace: TraceBuffer,
    /** The local parent, in the same trace buffer; none for the trace's first span. */
    readonly parent: LightSpan | undefined,
    name: string,
    kind: SpanKind | undefined,
    attributes: Attributes | undefined,
    startMs: number,
    /** False for spans that are not part of the trace's record (late, over the limit). */
    readonly recorded: boolean,
  ) {
    this.name = name;
    this.kind = kind ?? SpanKind.INTERNAL;
    this.startMs = startMs;
    this.ended = !recorded;
    this.attributes = attributes ?? EMPTY;
  }

  get spanId(): string {
    this.id ??= this.trace.hooks.newSpanId();
    return this.id;
  }

  /** The local parent's id, or the remote parent's for the first span of a continued trace. */
  get parentSpanId(): string | undefined {
    return this.parent !== undefined ? this.parent.spanId : this.trace.remoteParentId;
  }

  get events(): readonly RecordedEvent[] {
    return this.extras?.events ?? [];
  }

  get links(): readonly Link[] {
    return this.extras?.links ?? [];
  }

  get droppedAttributes(): number {
    return this.extras?.droppedAttributes ?? 0;
  }

  get droppedEvents(): number {
    return this.extras?.droppedEvents ?? 0;
  }

  get droppedLinks(): number {
    return this.extras?.droppedLinks ?? 0;
  }

  private more(): SpanExtras {
    this.extras ??= { events: [], links: [], droppedAttributes: 0, droppedEvents: 0, droppedLinks: 0 };
    return this.extras;
  }

  spanContext(): SpanContext {
    return { traceId: this.trace.traceId, spanId: this.spanId, traceFlags: TraceFlags.SAMPLED, traceState: this.trace.traceState };
  }

  setAttribute(key: string, value: AttributeValue): this {
    if (this.ended || value === undefined || value === null) return this;
    if (this.attributeCount < 0) {
      this.attributes = { ...this.attributes };
      this.attributeCount = Object.keys(this.attributes).length;
    }
    if (this.attributes[key] === undefined) {
      if (this.attributeCount >= MAX_ATTRIBUTES) {
        this.more().droppedAttributes++;
        return this;
      }
      this.attributeCount++;
    }
    this.attributes[key] = value;
    return this;
  }

  setAttributes(attributes: SpanAttributes): this {
    for (const key in attributes) this.setAttribute(key, attributes[key] as AttributeValue);
    return this;
  }

  addEvent(name: string, attributesOrTime?: SpanAttributes | TimeInput, time?: TimeInput): this {
    if (this.ended) return this;
    const extras = this.more();
    if (extras.events.length >= MAX_EVENTS) {
      extras.droppedEvents++;
      return this;
    }
    let attributes: Attributes | undefined;
    if (isTimeInput(attributesOrTime)) time = attributesOrTime;
    else attributes = attributesOrTime;
    extras.events.push({ name, timeMs: time === undefined ? this.trace.hooks.now() : timeInputMs(time), attributes });
    return this;
  }

  addLink(link: Link): this {
    if (this.ended) return this;
    const extras = this.more();
    if (extras.links.length >= MAX_LINKS) extras.droppedLinks++;
    else extras.links.push(link);
    return this;
  }

  addLinks(links: Link[]): this {
    for (const link of links) this.addLink(link);
    return this;
  }

  setStatus(status: SpanStatus): this {
    // OTel API: UNSET never overrides, OK is final.
    if (this.ended || status.code === SpanStatusCode.UNSET || this.status.code === SpanStatusCode.OK) return this;
    this.status = status;
    return this;
  }

  updateName(name: string): this {
    if (!this.ended) this.name = name;
    return this;
  }

  end(endTime?: TimeInput): void {
    if (this.ended) return;
    this.ended = true;
    this.endMs = endTime === undefined ? this.trace.hooks.now() : timeInputMs(endTime);
    const trace = this.trace;
    if (--trace.open === 0 && !trace.done) trace.hooks.completed(trace);
  }

  isRecording(): boolean {
    return !this.ended;
  }

  recordException(exception: Exception, time?: TimeInput): void {
    const attributes: Attributes = {};
    if (typeof exception === 'string') attributes['exception.message'] = exception;
    else {
      const type = exception.name ?? (exception.code === undefined ? undefined : String(exception.code));
      if (type !== undefined) attributes['exception.type'] = type;
      if (exception.message !== undefined) attributes['exception.message'] = exception.message;
      if (exception.stack !== undefined) attributes['exception.stacktrace'] = exception.stack;
    }
    this.addEvent('exception', attributes, time);
  }
}
