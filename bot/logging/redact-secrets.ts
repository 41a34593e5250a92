import { inspect } from 'node:util';

/**
 * Secrets never reach a log line (issue 7): the values of secret-named environment variables
 * (tokens, signing secrets, keys, passwords) wherever they appear, and anything shaped like a
 * credential (Slack tokens, AWS access key ids and secret keys, bearer tokens, private keys).
 */

const SECRET_NAME = /TOKEN|SECRET|PASSWORD|PASSWD|API_KEY|PRIVATE_KEY|CREDENTIAL/i;
const MIN_SECRET_LENGTH = 8;

const CREDENTIAL_SHAPES: readonly RegExp[] = [
  /\bxox[abposre]-[A-Za-z0-9-]{8,}/g,
  /\bxapp-[A-Za-z0-9-]{8,}/g,
  /\b(?:AKIA|ASIA|AROA|AIDA)[A-Z0-9]{16}\b/g,
  /(?<=(?:aws_secret_access_key|secretaccesskey|secret_key|SecretAccessKey)["']?\s*[:=]\s*["']?)[A-Za-z0-9/+=]{40}/gi,
  /(?<=\bBearer\s+)[A-Za-z0-9._~+/=-]{16,}/g,
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g,
];

export const REDACTED = '[redacted]';

/** The values of the environment's secret-named variables, longest first (so a value containing another goes whole). */
export function secretValues(env: NodeJS.ProcessEnv): string[] {
  return Object.entries(env)
    .filter(([name, value]) => SECRET_NAME.test(name) && typeof value === 'string' && value.length >= MIN_SECRET_LENGTH)
    .map(([, value]) => value!)
    .sort((a, b) => b.length - a.length);
}

export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) out = out.split(secret).join(REDACTED);
  for (const shape of CREDENTIAL_SHAPES) out = out.replace(shape, REDACTED);
  return out;
}

/** A log argument as text (errors with their stack, objects in depth), redacted. */
export function redactLogArgument(argument: unknown, secrets: readonly string[]): string {
  const text = typeof argument === 'string' ? argument : inspect(argument, { depth: 6, breakLength: Infinity });
  return redactSecrets(text, secrets);
}
