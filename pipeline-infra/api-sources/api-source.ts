import { z } from 'zod';
import { MAX_ROWS } from '../query/guard/limits.js';

/**
 * The AWS read APIs cia asks directly (DESIGN §2): each answers typed requests with plain rows,
 * from the API itself (production) or from JSON snapshots of its responses in the lake (embedded).
 */
export const API_SOURCE_NAMES = ['guardduty', 'health', 'access-analyzer', 'organizations', 'quotas', 'macie', 'inspector'] as const;
export type ApiSourceName = (typeof API_SOURCE_NAMES)[number];

/** One answer row: JSON-safe, flat, with snake_case keys, as the summarizer and the grounding check read lake rows. */
export type ApiRow = Record<string, string | number | boolean | null>;

/** Where the rows came from, as `cia ask --json` reports it in `queries[].engine`. */
export type ApiEngine = 'aws-api' | 'snapshot';

/** What every request names: the accounts (empty: all) and regions (empty: each account's), and how many rows at most. */
export const requestBase = {
  accounts: z.array(z.string().regex(/^\d{12}$/)).max(100).default([]).describe('12-digit account ids; empty means every account'),
  regions: z.array(z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/)).max(20).default([]).describe('regions; empty means each account\'s regions'),
  limit: z.number().int().min(1).max(MAX_ROWS).default(MAX_ROWS),
};

/** An absolute time range, half-open like the lake's: from ≤ t < to. */
export const optionalTime = {
  from: z.iso.datetime({ offset: true }).optional().describe('ISO-8601 start (inclusive)'),
  to: z.iso.datetime({ offset: true }).optional().describe('ISO-8601 end (exclusive)'),
};

export interface ApiSource<Request extends { service: ApiSourceName } = { service: ApiSourceName }> {
  readonly service: Request['service'];
  readonly engine: ApiEngine;
  /** Rows answering the request, most relevant first, at most `limit`. */
  fetch(request: Request): Promise<ApiRow[]>;
}

/** The API is there but cia's role may not call it: says which permission to grant, where. */
export class ApiAccessDeniedError extends Error {
  constructor(
    readonly permission: string,
    readonly account: string | undefined,
    readonly region: string | undefined,
    message?: string,
  ) {
    super(
      message ??
        `Access denied: cia's read-only role${account ? ` in account ${account}` : ''}${region ? ` (${region})` : ''} lacks the permission ${permission}. ` +
          `Grant ${permission} to that role (the AWS managed SecurityAudit or ReadOnlyAccess policy includes it) and ask again.`,
    );
    this.name = 'ApiAccessDeniedError';
  }

  /** cia could not become the read-only role at all. */
  static assumeRole(roleArn: string): ApiAccessDeniedError {
    const account = roleArn.split(':')[4];
    return new ApiAccessDeniedError('sts:AssumeRole', account, undefined, `Access denied: cia may not assume ${roleArn} (sts:AssumeRole). Allow cia's own role sts:AssumeRole on it, and let the role's trust policy name cia's role.`);
  }
}

/** The API kept throttling after every retry. */
export class ApiThrottledError extends Error {
  constructor(readonly operation: string, attempts: number) {
    super(`AWS kept throttling ${operation} after ${attempts} attempts; ask again in a minute.`);
    this.name = 'ApiThrottledError';
  }
}

/** The embedded default has no snapshot of this service: says how to get one. */
export class SnapshotMissingError extends Error {
  constructor(service: ApiSourceName, folder: string) {
    super(`No ${service} snapshot in the lake (${folder} is missing). Run \`cia lake generate\`, or \`cia lake import ${importName(service)} <files>\` with the API's JSON output.`);
    this.name = 'SnapshotMissingError';
  }
}

/** `cia lake import` names: GuardDuty's API snapshot is `guardduty-api`, as `guardduty` is the lake table. */
export function importName(service: ApiSourceName): string {
  return service === 'guardduty' ? 'guardduty-api' : service;
}

export function serviceForImportName(name: string): ApiSourceName | undefined {
  return API_SOURCE_NAMES.find((service) => importName(service) === name.trim().toLowerCase());
}
