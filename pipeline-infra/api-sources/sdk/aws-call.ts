import { ApiAccessDeniedError, ApiThrottledError } from '../api-source.js';
import type { ApiReadPermission } from './read-permissions.js';

/** What cia needs of an AWS SDK v3 client: `send`. Tests hand in fakes. */
export interface SendClient {
  send(command: object): Promise<unknown>;
}

/** The SDK clients the API sources use, by package. */
export type SdkClientName = 'guardduty' | 'health' | 'accessanalyzer' | 'organizations' | 'servicequotas' | 'cloudwatch' | 'macie2' | 'inspector2';

/** Where a call goes: an account (reached by assuming the read-only role; undefined: cia's own credentials) and a region. */
export interface CallTarget {
  account?: string;
  region: string;
}

export type ClientFactory = (client: SdkClientName, target: CallTarget) => SendClient;

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  sleep?: (ms: number) => Promise<void>;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 6, baseDelayMs: 250, maxDelayMs: 10_000 };

/** One read call at a target: the SDK client's `send`, throttling retried, a denial named by its permission. */
export type AwsCaller = <Output>(client: SdkClientName, command: object, permission: ApiReadPermission) => Promise<Output>;

const THROTTLING = new Set(['ThrottlingException', 'Throttling', 'TooManyRequestsException', 'RequestLimitExceeded', 'ThrottledException', 'RequestThrottledException', 'SlowDown']);
const DENIED = new Set(['AccessDeniedException', 'AccessDenied', 'UnauthorizedOperation', 'UnauthorizedException', 'AuthorizationError']);

interface AwsErrorShape {
  name?: string;
  $retryable?: { throttling?: boolean };
  $metadata?: { httpStatusCode?: number };
}

export function isThrottling(error: unknown): boolean {
  const e = error as AwsErrorShape;
  return THROTTLING.has(e?.name ?? '') || e?.$retryable?.throttling === true || e?.$metadata?.httpStatusCode === 429;
}

export function isAccessDenied(error: unknown): boolean {
  return DENIED.has((error as AwsErrorShape)?.name ?? '');
}

/** Exponential backoff with full jitter (AWS's advice for many clients throttled together). */
export function backoffMs(attempt: number, policy: RetryPolicy, random = Math.random): number {
  return Math.round(random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1)));
}

export function callerFor(clients: ClientFactory, target: CallTarget, policy: RetryPolicy = DEFAULT_RETRY): AwsCaller {
  const sleep = policy.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  return async <Output>(client: SdkClientName, command: object, permission: ApiReadPermission): Promise<Output> => {
    for (let attempt = 1; ; attempt++) {
      try {
        return (await clients(client, target).send(command)) as Output;
      } catch (error) {
        if (error instanceof ApiAccessDeniedError) throw error;
        if (isAccessDenied(error)) throw new ApiAccessDeniedError(permission, target.account, target.region);
        if (!isThrottling(error)) throw error;
        if (attempt >= policy.attempts) throw new ApiThrottledError(permission, attempt);
        await sleep(backoffMs(attempt, policy));
      }
    }
  };
}

/** Every page of a paginated call, up to `maxPages` (a bound, so a runaway token cannot loop forever). */
export async function allPages<T>(page: (token: string | undefined) => Promise<{ items: T[] | undefined; next: string | undefined }>, maxPages = 50): Promise<T[]> {
  const items: T[] = [];
  let token: string | undefined;
  for (let n = 0; n < maxPages; n++) {
    const result = await page(token);
    items.push(...(result.items ?? []));
    token = result.next;
    if (!token) break;
  }
  return items;
}

/** Splits ids into the batches a Get… call accepts. */
export function batches<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
