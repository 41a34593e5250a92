import { z } from 'zod';

/** Internal components that the sandbox can make fail (DESIGN §6.3). */
export const COMPONENT_TARGETS = ['query_engine', 'agent_runtime', 'memory', 'session_store'] as const;
export type ComponentTarget = (typeof COMPONENT_TARGETS)[number];

export const faultRequestSchema = z.strictObject({
  target: z.string().regex(/^[a-z_]+(\.[a-zA-Z.]+)?$/, 'must be a Slack Web API method (chat.update) or a component (query_engine, agent_runtime, memory, session_store)'),
  status: z.number().int().min(400).max(599).default(500),
  count: z.number().int().min(1).max(10_000).default(1),
  retry_after: z.number().int().min(0).max(600).optional(),
});
export type FaultRequest = z.input<typeof faultRequestSchema>;

interface ArmedFault {
  status: number;
  retryAfter?: number;
  remaining: number;
}

export class InjectedFault extends Error {
  constructor(readonly target: string) {
    super(`injected fault: ${target} is unavailable`);
    this.name = 'InjectedFault';
  }
}

/** The next `count` uses of a target fail. */
export class FaultRegistry {
  private readonly armed = new Map<string, ArmedFault>();

  arm(request: FaultRequest): void {
    const { target, status, count, retry_after } = faultRequestSchema.parse(request);
    this.armed.set(target, { status, retryAfter: retry_after, remaining: count });
  }

  /** Consumes one failure for the target, if one is armed. */
  take(target: string): { status: number; retryAfter?: number } | undefined {
    const fault = this.armed.get(target);
    if (!fault) return undefined;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.armed.delete(target);
    return { status: fault.status, retryAfter: fault.retryAfter };
  }

  clear(): void {
    this.armed.clear();
  }
}

/**
 * Wraps a component so that its async methods throw while a fault is armed for it. Production
 * code never sees this: only the sandbox composes components through it.
 */
export function withFaults<T extends object>(component: T, target: ComponentTarget, faults: FaultRegistry): T {
  return new Proxy(component, {
    get(object, property, receiver) {
      const value = Reflect.get(object, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (faults.take(target)) return Promise.reject(new InjectedFault(target));
        return value.apply(object, args);
      };
    },
  });
}
