// An OpenTelemetry API Span over one slot of a TraceRecord, for code that wants span objects (the
// OTel API, logins, offline storage, tests). The stanza path records its spans through the span
// stack instead (stack-tracer.ts) and makes no such object. A record with a LightSpan is pinned:
// never reused, so the object stays valid for as long as someone holds it.
import {
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
} from '@opentelemetry/api';
import type { TraceRecord } from './trace-record.js';

const TIME_ORIGIN = performance.timeOrigin;

/** A performance.now() reading (or epoch milliseconds) as epoch milliseconds. */
export const readingMs = (at: number): number => (at < TIME_ORIGIN ? TIME_ORIGIN + at : at);

/** Epoch milliseconds; numbers below the time origin are performance.now() readings (as in the OTel SDK). */
export function timeInputMs(time: TimeInput): number {
  if (typeof time === 'number') return readingMs(time);
  if (time instanceof Date) return time.getTime();
  return time[0] * 1000 + time[1] / 1e6;
}

function isTimeInput(value: unknown): value is TimeInput {
  return typeof value === 'number' || value instanceof Date || Array.isArray(value);
}

export class LightSpan implements Span {
  /** Drawn when first read, for a span that is not recorded (slot -1): it still has an identity. */
  private ownId: string | undefined = undefined;

  constructor(
    readonly record: TraceRecord,
    /** -1 for a span that is not part of the trace's record (started late, or over the span limit). */
    readonly slot: number,
  ) {
    record.pinned = true;
  }

  spanContext(): SpanContext {
    const record = this.record;
    return { traceId: record.traceId, spanId: this.spanId, traceFlags: TraceFlags.SAMPLED, traceState: record.traceState };
  }

  get spanId(): string {
    if (this.slot >= 0) return this.record.spanId(this.slot);
    this.ownId ??= this.record.owner.newSpanId();
    return this.ownId;
  }

  isRecording(): boolean {
    return this.slot >= 0 && this.record.recording(this.slot);
  }

  setAttribute(key: string, value: AttributeValue): this {
    if (value !== undefined && value !== null && this.isRecording()) this.record.setAttribute(this.slot, key, value);
    return this;
  }

  setAttributes(attributes: SpanAttributes): this {
    for (const key in attributes) this.setAttribute(key, attributes[key] as AttributeValue);
    return this;
  }

  addEvent(name: string, attributesOrTime?: SpanAttributes | TimeInput, time?: TimeInput): this {
    if (!this.isRecording()) return this;
    let attributes: Attributes | undefined;
    if (isTimeInput(attributesOrTime)) time = attributesOrTime;
    else attributes = attributesOrTime;
    this.record.addEvent(this.slot, { name, timeMs: time === undefined ? this.record.owner.now() : timeInputMs(time), attributes });
    return this;
  }

  addLink(link: Link): this {
    if (this.isRecording()) this.record.addLink(this.slot, link);
    return this;
  }

  addLinks(links: Link[]): this {
    for (const link of links) this.addLink(link);
    return this;
  }

  setStatus(status: SpanStatus): this {
    if (this.isRecording()) this.record.setStatus(this.slot, status.code, status.message);
    return this;
  }

  updateName(name: string): this {
    if (this.isRecording()) this.record.names[this.slot] = name;
    return this;
  }

  end(endTime?: TimeInput): void {
    if (!this.isRecording()) return;
    this.record.end(this.slot, endTime === undefined ? this.record.owner.now() : timeInputMs(endTime));
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
