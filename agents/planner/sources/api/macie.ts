import type { ApiQuery } from '../../source-query.js';

/** Sensitive data Macie found in S3: by severity, in a bucket, or its bucket-policy findings. */
export function planMacie(question: string): ApiQuery<'macie'> {
  const text = question.toLowerCase();
  const severity = /\bhigh\b/.test(text) ? 'High' : /\bmedium\b/.test(text) ? 'Medium' : /\blow\b/.test(text) ? 'Low' : undefined;
  const bucket = /\b(?:bucket\s+|s3:\/\/)([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])\b/.exec(text)?.[1] ?? /\b([a-z0-9][a-z0-9-]{1,61}[a-z0-9])\s+bucket\b/.exec(text)?.[1];
  const named = bucket && !['the', 'a', 'any', 'which', 'each', 'every', 'that', 'this', 's3', 'public'].includes(bucket) ? bucket : undefined;
  const category = /\b(?:sensitive|pii|personal|credit card|financial|credentials?)\b/.test(text) ? 'CLASSIFICATION' : undefined;
  return {
    request: { service: 'macie', ...(severity ? { severityAtLeast: severity } : {}), ...(named ? { bucket: named } : {}), ...(category ? { category } : {}) },
    time: 'stated',
    subject: category ? 'sensitive data found by Macie' : 'Macie findings',
    conditions: [...(severity ? [`of ${severity.toLowerCase()} severity or more`] : []), ...(named ? [`in ${named}`] : [])],
    entityColumns: ['bucket', 'finding_id'],
  };
}
