import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { SEVERITIES } from '../alerts/alert.js';
import { ConfigError, parseOrThrow } from './config-error.js';

const accountId = z.string().regex(/^\d{12}$/, 'must be a 12-digit AWS account id, quoted as a string');
const region = z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, 'must be an AWS region such as eu-central-1');
const alias = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'must be a short lower-case name such as prod');

const accountSchema = z.strictObject({ id: accountId, alias, regions: z.array(region).min(1).optional() });
const channelPolicySchema = z.strictObject({ accounts: z.array(alias).min(1, 'must list at least one account alias') });
const severity = z.enum(SEVERITIES);
const alertRouteSchema = z.strictObject({
  channel: z.string().min(1),
  severities: z.array(severity).min(1).optional(),
  accounts: z.array(alias).min(1).optional(),
});
/** Where alerts go: the first route matching an alert's severity and account, else `channel`. */
const alertRoutingSchema = z.strictObject({ channel: z.string().min(1).default('oncall'), routes: z.array(alertRouteSchema).default([]) });

/** The configuration file of DESIGN §6.2: the organization's accounts and per-channel policies. */
export const orgConfigSchema = z
  .strictObject({
    accounts: z.array(accountSchema).default([]),
    channels: z.record(z.string().min(1), channelPolicySchema).default({}),
    /** Direct messages follow the asker's own policy, by Slack user id. */
    users: z.record(z.string().regex(/^[UW][A-Z0-9]{2,}$/, 'must be a Slack user id such as U01ALICE'), channelPolicySchema).default({}),
    /** Slack workspaces (team ids) cia answers in; unset: any workspace its app is installed in. */
    workspaces: z.array(z.string().regex(/^[TE][A-Z0-9]{2,}$/, 'must be a Slack team id such as T0123ABCD')).min(1).optional(),
    alerts: alertRoutingSchema.default({ channel: 'oncall', routes: [] }),
  })
  .superRefine((config, ctx) => {
    const aliases = new Set<string>();
    config.accounts.forEach((account, i) => {
      if (aliases.has(account.alias)) ctx.addIssue({ code: 'custom', path: ['accounts', i, 'alias'], message: `duplicate alias "${account.alias}"` });
      aliases.add(account.alias);
    });
    const unknownAlias = (name: string) => `"${name}" is not an alias under accounts (known: ${[...aliases].join(', ') || 'none'})`;
    for (const kind of ['channels', 'users'] as const) {
      for (const [owner, policy] of Object.entries(config[kind])) {
        policy.accounts.forEach((name, i) => {
          if (!aliases.has(name)) ctx.addIssue({ code: 'custom', path: [kind, owner, 'accounts', i], message: unknownAlias(name) });
        });
      }
    }
    config.alerts.routes.forEach((route, r) => {
      route.accounts?.forEach((name, i) => {
        if (!aliases.has(name))
          ctx.addIssue({ code: 'custom', path: ['alerts', 'routes', r, 'accounts', i], message: unknownAlias(name) });
      });
    });
  });
export type OrgConfig = z.infer<typeof orgConfigSchema>;
export type AccountConfig = z.infer<typeof accountSchema>;
export type AlertRouting = z.infer<typeof alertRoutingSchema>;

/** The account ids a channel's policy allows (by its name, `#` optional); undefined when the channel has none. */
export function channelAccounts(config: OrgConfig, channel: string): string[] | undefined {
  const policy = config.channels[channel.replace(/^#/, '')];
  // Aliases were checked when the configuration was read.
  return policy?.accounts.map((alias) => config.accounts.find((a) => a.alias === alias)!.id);
}

function keyOf(path: PropertyKey[]): string {
  return path.reduce<string>((key, part) => (typeof part === 'number' ? `${key}[${part}]` : key ? `${key}.${String(part)}` : String(part)), '');
}

export function parseOrgConfig(value: unknown, source = 'the configuration'): OrgConfig {
  return parseOrThrow(orgConfigSchema, value ?? {}, source, keyOf);
}

/** Reads a YAML or JSON configuration file; no file means an empty organization. */
export function loadOrgConfig(file?: string): OrgConfig {
  if (!file) return parseOrgConfig({});
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(file, [`cannot read the file: ${(error as Error).message}`]);
  }
  let value: unknown;
  try {
    value = extname(file).toLowerCase() === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new ConfigError(file, [`not valid ${extname(file).toLowerCase() === '.json' ? 'JSON' : 'YAML'}: ${(error as Error).message.split('\n')[0]}`]);
  }
  return parseOrgConfig(value, file);
}
