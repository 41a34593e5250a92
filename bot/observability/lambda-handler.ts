import type { Tracer } from '@aws-lambda-powertools/tracer';
import type { Context } from 'aws-lambda';
import { powertools, type Powertools } from './powertools.js';

/**
 * A Lambda handler with Powertools around it, as its middy middlewares would put them: the
 * invocation's context (request id, cold start…) on every log line, the `ColdStart` metric, and
 * a `## <handler>` X-Ray subsegment annotated with the cold start and the service.
 */
export function instrumentedHandler<E, R>(handler: (event: E, context: Context) => Promise<R>, tools: Powertools = powertools): (event: E, context: Context) => Promise<R> {
  return (event, context) => {
    tools.logger.addContext(context);
    tools.metrics.captureColdStartMetric(context.functionName);
    return inSubsegment(tools.tracer, `## ${process.env._HANDLER ?? context.functionName}`, () => {
      tools.tracer.annotateColdStart();
      tools.tracer.addServiceNameAnnotation();
      return handler(event, context);
    });
  };
}

/** Runs `work` in an X-Ray subsegment of the current segment, its error recorded; just runs it where tracing is off. */
export async function inSubsegment<T>(tracer: Tracer | undefined, name: string, work: () => Promise<T>): Promise<T> {
  if (!tracer?.isTracingEnabled()) return work();
  const parent = tracer.getSegment();
  if (!parent) return work();
  const subsegment = parent.addNewSubsegment(name);
  tracer.setSegment(subsegment);
  try {
    return await work();
  } catch (error) {
    tracer.addErrorAsMetadata(error as Error);
    throw error;
  } finally {
    subsegment.close();
    tracer.setSegment(parent);
  }
}
