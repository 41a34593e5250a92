import type { ApiQuery } from '../../source-query.js';
import { awsServiceCodes } from './service-names.js';

/** "Near the limit" without a figure: at least this full. */
export const NEAR_LIMIT_PERCENT = 80;

/** Quotas and their usage: those above N% of their limit, or near it; of a service. */
export function planQuotas(question: string): ApiQuery<'quotas'> {
  const text = question.toLowerCase();
  const stated = /\b(?:above|over|more than|at least|exceed\w*|beyond|past)\s+(\d{1,3})\s*(?:%|percent|per cent)/.exec(text)?.[1] ?? /\b(\d{1,3})\s*(?:%|percent|per cent)\b/.exec(text)?.[1];
  const near = /\b(?:near(?:ly)?|close to|approaching|reaching|hitting|almost|running out)\b/.test(text);
  const minPercentUsed = stated !== undefined ? Math.min(100, Number(stated)) : near ? NEAR_LIMIT_PERCENT : undefined;
  const services = awsServiceCodes(text).filter((code) => code !== 's3');
  return {
    request: { service: 'quotas', services, ...(minPercentUsed !== undefined ? { minPercentUsed } : {}) },
    time: 'never',
    subject: 'service quotas',
    conditions: [...(minPercentUsed !== undefined ? [`at least ${minPercentUsed}% used`] : []), ...(services.length ? [`for ${services.join(', ')}`] : [])],
    entityColumns: ['quota_code'],
  };
}
