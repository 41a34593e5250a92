import { randomBytes } from 'node:crypto';
import { trace, TraceFlags, type Attributes, type AttributeValue, type Context, type Link, type Span, type SpanContext, type SpanOptions, type SpanStatus, type Tracer, type TracerProvider } from '@opentelemetry/api';

/** A span as the recording provider kept it: enough to assert what an instrumented library reports. */
export interface RecordedSpan {
  name: string;
  attributes: Attributes;
  status: SpanStatus | undefined;
  ended: boolean;
  spanId: string;
  parentSpanId: string | undefined;
}

/**
 * An OpenTelemetry tracer provider that keeps every span in memory, for tests: the role of the
 * SDK's InMemorySpanExporter, on the OTel API alone (the SDK is not a dependency of cia).
 */
export class RecordingTracerProvider implements TracerProvider {
  readonly spans: RecordedSpan[] = [];

  getTracer(): Tracer {
    const spans = this.spans;
    return {
      startSpan(name: string, options: SpanOptions = {}, context?: Context): Span {
        const recorded: RecordedSpan = { name, attributes: { ...options.attributes }, status: undefined, ended: false, spanId: randomBytes(8).toString('hex'), parentSpanId: context ? trace.getSpan(context)?.spanContext().spanId : undefined };
        spans.push(recorded);
        return new RecordingSpan(recorded);
      },
      startActiveSpan() {
        throw new Error('startActiveSpan is not recorded');
      },
    };
  }

  /** The spans named so, in the order they started. */
  named(pattern: RegExp): RecordedSpan[] {
    return this.spans.filter((span) => pattern.test(span.name));
  }
}

class RecordingSpan implements Span {
  private readonly context: SpanContext;

  constructor(private readonly recorded: RecordedSpan) {
    this.context = { traceId: randomBytes(16).toString('hex'), spanId: recorded.spanId, traceFlags: TraceFlags.SAMPLED };
  }

  spanContext(): SpanContext {
    return this.context;
  }
  setAttribute(key: string, value: AttributeValue): this {
    this.recorded.attributes[key] = value;
    return this;
  }
  setAttributes(attributes: Attributes): this {
    Object.assign(this.recorded.attributes, attributes);
    return this;
  }
  addEvent(): this {
    return this;
  }
  addLink(_link: Link): this {
    return this;
  }
  addLinks(_links: Link[]): this {
    return this;
  }
  setStatus(status: SpanStatus): this {
    this.recorded.status = status;
    return this;
  }
  updateName(name: string): this {
    this.recorded.name = name;
    return this;
  }
  end(): void {
    this.recorded.ended = true;
  }
  isRecording(): boolean {
    return !this.recorded.ended;
  }
  recordException(): void {}
}
