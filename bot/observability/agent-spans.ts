import { ProxyTracerProvider, trace } from '@opentelemetry/api';

export interface AgentSpans {
  /** `off`: no endpoint; `distro`: an OpenTelemetry distribution (ADOT) exports them; `otlp`: exported here. */
  mode: 'off' | 'distro' | 'otlp';
  /** Sends the spans still buffered: a Lambda environment is frozen between invocations, so the worker flushes after each job. */
  flush(): Promise<void>;
}

const NOTHING_TO_FLUSH = async () => {};

/**
 * Named through a variable so that bundlers leave it out: it brings the OpenTelemetry SDK and
 * its OTLP exporters, which a Lambda bundle need not carry (there the ADOT layer exports spans).
 */
const STRANDS_TELEMETRY = '@strands-agents/sdk/telemetry';

/**
 * The agents' OpenTelemetry spans (`invoke_agent`, `chat`, `execute_tool`…: Strands makes them
 * for every agent, model call and tool call through the global OTel API, no-ops until a provider
 * is registered), exported where OTEL_EXPORTER_OTLP_ENDPOINT points. Where an OpenTelemetry
 * distribution registered a provider before cia started (ADOT on the AgentCore Runtime, the ADOT
 * Lambda layer), it exports them itself and nothing is set up here.
 */
export async function exportAgentSpans(env: NodeJS.ProcessEnv, warn: (line: string) => void): Promise<AgentSpans> {
  if (!env.OTEL_EXPORTER_OTLP_ENDPOINT && !env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) return { mode: 'off', flush: NOTHING_TO_FLUSH };
  if (tracerProviderRegistered()) return { mode: 'distro', flush: NOTHING_TO_FLUSH };
  try {
    const { setupTracer } = (await import(STRANDS_TELEMETRY)) as typeof import('@strands-agents/sdk/telemetry');
    const provider = setupTracer({ exporters: { otlp: true } });
    return { mode: 'otlp', flush: () => provider.forceFlush() };
  } catch (error) {
    warn(`[cia:otel] the agents' spans are not exported: ${(error as Error).message}`);
    return { mode: 'off', flush: NOTHING_TO_FLUSH };
  }
}

/** Whether a tracer provider is registered globally: the API's own proxy has no delegate until one is. */
function tracerProviderRegistered(): boolean {
  const provider = trace.getTracerProvider();
  return !(provider instanceof ProxyTracerProvider) || provider.getDelegateTracer('cia') !== undefined;
}
