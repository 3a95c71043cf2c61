// The OpenTelemetry API Tracer of one node, on the synchronous span stack of the stanza path
// (stanza-span-stack.ts): the "current span" is the stack's top, not an AsyncLocalStorage context. An
// OTel Span object is made only when code asks for one (startSpan, activeSpan). Nothing is
// registered globally, so several nodes can share a process.
import { INVALID_SPAN_CONTEXT, SpanKind, trace, type Context, type Span, type SpanOptions, type Tracer } from '@opentelemetry/api';
import { LightSpan, timeInputMs } from './light-span.js';
import { StanzaSpanStack } from './stanza-span-stack.js';

type SpanFn = (span: Span) => unknown;

/** What startSpan and activeSpan give for an entry whose trace record was reused (its trace was evicted). */
const NO_SPAN = trace.wrapSpanContext(INVALID_SPAN_CONTEXT);

export class StackTracer extends StanzaSpanStack implements Tracer {
  /**
   * The parent is, in order: none when options.root; the span in `context` when it has one; the
   * current span. (With no global context manager, context.active() is always empty, so passing it
   * still means "under the current span".)
   */
  startSpan(name: string, options?: SpanOptions, context?: Context): Span {
    let startMs: number;
    let kind: SpanKind = SpanKind.INTERNAL;
    if (options === undefined) startMs = this.recorder.now();
    else {
      startMs = options.startTime === undefined ? this.recorder.now() : timeInputMs(options.startTime);
      if (options.kind !== undefined) kind = options.kind;
    }
    const span = this.startUnder(name, kind, startMs, options?.root === true, context);
    if (options !== undefined && span instanceof LightSpan && span.slot >= 0) {
      if (options.attributes !== undefined) this.recorder.setAttributes(span.record, span.slot, options.attributes);
      if (options.links !== undefined) span.addLinks(options.links);
    }
    return span;
  }

  private startUnder(name: string, kind: SpanKind, startMs: number, root: boolean, context: Context | undefined): Span {
    this.settle();
    if (root) return new LightSpan(this.recorder.newTrace(name, kind, startMs, undefined), 0);
    const parent = context === undefined ? undefined : trace.getSpan(context);
    if (parent === undefined) {
      // Under the current entry, as the stanza path opens spans.
      this.openUnderTop(name, kind, startMs);
      const top = this.depth - 1;
      const record = this.records[top];
      const slot = this.slots[top];
      const current = record !== undefined && record.generation === this.generations[top] ? new LightSpan(record, slot) : NO_SPAN;
      this.pop();
      return current;
    }
    if (parent instanceof LightSpan && parent.record.owner === this.recorder) {
      return new LightSpan(parent.record, this.recorder.child(parent.record, parent.slot, name, kind, startMs));
    }
    // A parent that is not ours (extracted from traceparent, or another node's tracer) continues its trace.
    return new LightSpan(this.recorder.newTrace(name, kind, startMs, this.remoteParent(parent)), 0);
  }

  startActiveSpan<F extends SpanFn>(name: string, fn: F): ReturnType<F>;
  startActiveSpan<F extends SpanFn>(name: string, options: SpanOptions, fn: F): ReturnType<F>;
  startActiveSpan<F extends SpanFn>(name: string, options: SpanOptions, context: Context, fn: F): ReturnType<F>;
  startActiveSpan<F extends SpanFn>(name: string, a: F | SpanOptions, b?: F | Context, c?: F): ReturnType<F> {
    let options: SpanOptions | undefined;
    let context: Context | undefined;
    let fn: F;
    if (typeof a === 'function') fn = a;
    else if (typeof b === 'function') {
      options = a;
      fn = b;
    } else {
      options = a;
      context = b;
      fn = c as F;
    }
    const span = this.startSpan(name, options, context);
    return this.withSpan(span, () => fn(span) as ReturnType<F>);
  }

  /** Runs fn with `span` as the current span (synchronous code only: the span is popped when fn returns). */
  withSpan<T>(span: Span | undefined, fn: () => T): T {
    if (span === undefined) return fn();
    this.settle();
    if (span instanceof LightSpan && span.record.owner === this.recorder) this.push(span.record, span.slot, span);
    else this.pushEntry(undefined, 0, -1, span);
    try {
      return fn();
    } finally {
      this.pop();
    }
  }

  activeSpan(): Span | undefined {
    const top = this.depth - 1;
    if (top < 0) return undefined;
    this.settle();
    let handle = this.handles[top];
    if (handle === undefined) {
      const record = this.records[top];
      handle = record !== undefined && record.generation === this.generations[top] ? new LightSpan(record, this.slots[top]) : NO_SPAN;
      this.handles[top] = handle;
    }
    return handle;
  }
}
