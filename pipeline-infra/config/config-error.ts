import type { z } from 'zod';

/** A configuration value is wrong; the message names the key and says what is expected. */
export class ConfigError extends Error {
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`Invalid configuration in ${source}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Turns zod issues into "key: what is expected" lines. */
export function describeIssues(issues: z.core.$ZodIssue[], keyOf: (path: PropertyKey[]) => string): string[] {
  return issues.map((issue) => {
    const key = keyOf(issue.path) || '(root)';
    if (issue.code === 'unrecognized_keys') {
      const prefix = issue.path.length ? `${key}.` : '';
      return `${issue.keys.map((k) => `${prefix}${k}`).join(', ')}: unknown key${issue.keys.length > 1 ? 's' : ''}`;
    }
    return `${key}: ${issue.message}`;
  });
}

export function parseOrThrow<S extends z.ZodType>(
  schema: S,
  value: unknown,
  source: string,
  keyOf: (path: PropertyKey[]) => string,
): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new ConfigError(source, describeIssues(result.error.issues, keyOf));
  return result.data;
}
