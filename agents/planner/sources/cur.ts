import type { Filter } from '../../../pipeline-infra/query/query-spec.js';
import type { SourceQuery } from '../source-query.js';
import { topN } from '../question-words.js';

/** How people name services, and the product codes CUR uses for them. */
const PRODUCT_CODES: [RegExp, string][] = [
  [/\b(?:amazon )?ec2\b|\binstances?\b|\bcompute\b/, 'AmazonEC2'],
  [/\b(?:amazon )?s3\b|\bstorage\b/, 'AmazonS3'],
  [/\b(?:amazon )?rds\b|\bdatabases?\b/, 'AmazonRDS'],
  [/\blambda\b/, 'AWSLambda'],
  [/\bcloudwatch\b/, 'AmazonCloudWatch'],
  [/\bdynamodb\b/, 'AmazonDynamoDB'],
  [/\bdata transfer\b|\begress\b/, 'AWSDataTransfer'],
  [/\b(?:amazon )?vpc\b|\bnat(?: gateways?)?\b/, 'AmazonVPC'],
  [/\bbedrock\b/, 'AmazonBedrock'],
];

const GROUPINGS: [RegExp, string, string][] = [
  [/\b(?:by|per|each|which|what|top|most\w*)\s+(?:\w+\s+){0,2}?(?:services?|products?)\b/, 'line_item_product_code', 'service'],
  [/\b(?:by|per|each|which|what|top|most\w*)\s+(?:\w+\s+){0,2}?accounts?\b/, 'line_item_usage_account_id', 'account'],
  [/\b(?:by|per|each|which|what|top|most\w*)\s+(?:\w+\s+){0,2}?regions?\b/, 'product_region_code', 'region'],
  [/\b(?:by|per|each)\s+day\b|\bdaily\b|\bday by day\b|\bspike\b|\bjump\b/, 'line_item_usage_start_date', 'day'],
  [/\b(?:by|per|each|which|what|top)\s+(?:\w+\s+){0,2}?usage types?\b/, 'line_item_usage_type', 'usage type'],
];

/** Cost questions: how much, by service / account / region / day, top N. */
export function planCur(question: string): SourceQuery {
  const text = question.toLowerCase();
  const filters: Filter[] = [];
  const conditions: string[] = [];
  const service = PRODUCT_CODES.find(([pattern]) => pattern.test(text));
  if (service) {
    filters.push({ column: 'line_item_product_code', op: 'eq', value: service[1] });
    conditions.push(`for ${service[1]}`);
  }
  const grouping = GROUPINGS.find(([pattern]) => pattern.test(text));
  const aggregates = [{ fn: 'sum' as const, column: 'line_item_unblended_cost', as: 'cost' }, { fn: 'max' as const, column: 'line_item_currency_code', as: 'currency' }];
  if (!grouping) {
    return { shape: 'count', select: [], filters, groupBy: [], aggregates, orderBy: [], limit: 1, subject: 'cost', conditions, entityColumns: [] };
  }
  const [, column, label] = grouping;
  const byDay = label === 'day';
  return {
    shape: 'groups', select: [], filters, groupBy: [column], aggregates,
    orderBy: [{ column: byDay ? column : 'cost', direction: byDay ? 'asc' : 'desc' }],
    limit: Math.min(topN(text) ?? 20, 20), subject: 'cost', conditions: [...conditions, `by ${label}`], entityColumns: [column],
  };
}
