import type { ApiQuery } from '../../source-query.js';
import { awsServiceCodes } from './service-names.js';

/** Health events: open, upcoming or closed; issues or scheduled changes; of a service. */
export function planHealth(question: string): ApiQuery<'health'> {
  const text = question.toLowerCase();
  const conditions: string[] = [];
  const status = /\b(?:open|ongoing|active|current(?:ly)?|unresolved)\b/.test(text) ? 'open' : /\b(?:upcoming|coming up|planned|future|next)\b/.test(text) ? 'upcoming' : /\b(?:closed|resolved|past|previous)\b/.test(text) ? 'closed' : undefined;
  if (status) conditions.push(`that are ${status}`);
  const category = /\b(?:maintenance|scheduled|retirements?)\b/.test(text) ? 'scheduledChange' : /\b(?:issues?|outages?|disruptions?|incidents?)\b/.test(text) ? 'issue' : undefined;
  if (category) conditions.push(category === 'issue' ? '(service issues)' : '(scheduled changes)');
  const services = awsServiceCodes(text).map((s) => s.toUpperCase());
  if (services.length) conditions.push(`for ${services.join(', ')}`);
  return {
    request: { service: 'health', status: status ? [status] : [], categories: category ? [category] : [], services },
    time: 'stated',
    subject: 'AWS Health events',
    conditions,
    entityColumns: ['event_type', 'arn'],
  };
}
