import { z } from 'zod';
import { parseOrThrow } from './config-error.js';

/**
 * Reads one concern's settings from environment variables. Each schema's keys are the variable
 * names, so a problem is reported with the exact variable to fix.
 */
export function readEnv<S extends z.ZodObject>(schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> {
  const relevant: Record<string, string> = {};
  for (const key of Object.keys(schema.shape)) {
    const value = env[key];
    if (value !== undefined && value !== '') relevant[key] = value;
  }
  return parseOrThrow(schema, relevant, 'the environment', (path) => path.map(String).join('.'));
}

export const port = (fallback: number) =>
  z.coerce.number({ error: 'must be a TCP port (0-65535)' }).int('must be a TCP port (0-65535)').min(0, 'must be a TCP port (0-65535)').max(65535, 'must be a TCP port (0-65535)').default(fallback);

const tableName = (fallback: string) => z.string().regex(/^[A-Za-z0-9_.-]{3,255}$/, 'must be a DynamoDB table name (3-255 of A-Z a-z 0-9 _ . -)').default(fallback);

/** Where sessions, memory and the default lake live (DESIGN §6.1). */
export const storageEnvSchema = z.object({
  CIA_DATA_DIR: z.string().default('.data'),
  /** An external DynamoDB endpoint; unset means the embedded dynalite. */
  CIA_DYNAMODB_ENDPOINT: z.url('must be a URL such as http://127.0.0.1:8000').optional(),
  CIA_SESSIONS_TABLE: tableName('cia-sessions'),
  CIA_DEDUPE_TABLE: tableName('cia-dedupe'),
  CIA_INVESTIGATIONS_TABLE: tableName('cia-investigations'),
  CIA_ALERTS_TABLE: tableName('cia-alerts'),
  CIA_SESSION_TTL_DAYS: z.coerce.number().int().positive('must be a positive number of days').default(30),
  AWS_REGION: z.string().default('us-east-1'),
});
export type StorageEnv = z.infer<typeof storageEnvSchema>;
