// The OpenTelemetry API Tracer of one node, with the "current span" kept on a synchronous stack
// instead of AsyncLocalStorage: the chat code marks the span it works under with withSpan, and spans
// started inside (without an explicit parent) become its children. Nothing is registered globally,
// so several nodes can share a process.
import { trace, type Context, type Span, type SpanOptions, type Tracer } from '@opentelemetry/api';
import type { SpanRecorder } from './span-recorder.js';

type SpanFn = (span: Span) => unknown;

export class StackTracer implements Tracer {
  private readonly stack: Span[] = [];

  constructor(private readonly recorder: SpanRecorder) {}

  /**
   * The parent is, in order: none when options.root; the span in `context` when it has one; the
   * current span of withSpan. (With no global context manager, context.active() is always empty,
   * so passing it still means "under the current span".)
   */
  startSpan(name: string, options?: SpanOptions, context?: Context): Span {
    let parent: Span | undefined;
    if (options === undefined || options.root !== true) {
      if (context !== undefined) parent = trace.getSpan(context);
      if (parent === undefined && this.stack.length > 0) parent = this.stack[this.stack.length - 1];
    }
    return this.recorder.start(name, options, parent);
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
    const stack = this.stack;
    stack.push(span);
    try {
      return fn();
    } finally {
      stack.pop();
    }
  }

  activeSpan(): Span | undefined {
    const stack = this.stack;
    return stack.length === 0 ? undefined : stack[stack.length - 1];
  }

  /** Fields for every log line: the current span's ids. A new object each call, since pino merges into it. */
  logMixin(): object {
    const stack = this.stack;
    if (stack.length === 0) return {};
    const context = stack[stack.length - 1].spanContext();
    return { trace_id: context.traceId, span_id: context.spanId };
  }
}
