import { accountByAlias, GLOBAL_REGION, type GeneratedAccount } from '../accounts.js';
import { AGENTS, IAM_USERS } from '../cloudtrail-actors.js';
import { consoleLogin, userPrincipalId, type CloudTrailRecord, type UserIdentity } from '../cloudtrail-record.js';
import { OFFICE_IPS } from '../inventory.js';
import type { Random } from '../random.js';
import { HOUR, MINUTE } from '../rhythm.js';
import { record, secondsBetween, type IncidentDays, type IncidentRecord, type IncidentRows } from './incident.js';
import { KEY_THIEF } from './stolen-access-key.js';

/** What CloudTrail shows instead of a user name that does not exist in the account. */
export const HIDDEN_USER = 'HIDDEN_DUE_TO_SECURITY_REASONS';

interface Attempt {
  account: GeneratedAccount;
  userName: string;
  sourceIp: string;
  at: number;
  reason: 'Failed authentication' | 'No username found in supplied account';
}

export interface FailedConsoleLoginsPlan {
  attempts: Attempt[];
  /** priya signs in right after her typo. */
  retryAt: number;
}

/** A mistyped password in the morning, and a probe for a made-up user from the key thief's address. */
export function planFailedConsoleLogins(days: IncidentDays, random: Random, thiefStart: number): FailedConsoleLoginsPlan {
  const at = days.twoDaysAgo + 7 * HOUR + 40 * MINUTE + secondsBetween(random, 0, 15 * MINUTE);
  return {
    attempts: [
      { account: accountByAlias(IAM_USERS.priya.alias), userName: IAM_USERS.priya.userName, sourceIp: OFFICE_IPS[0]!, at, reason: 'Failed authentication' },
      { account: accountByAlias(IAM_USERS.reporting.alias), userName: HIDDEN_USER, sourceIp: KEY_THIEF.ip, at: thiefStart - secondsBetween(random, 20 * MINUTE, 30 * MINUTE), reason: 'No username found in supplied account' },
    ],
    retryAt: at + secondsBetween(random, 30_000, 90_000),
  };
}

function signInIdentity(account: GeneratedAccount, userName: string): UserIdentity {
  const known = userName !== HIDDEN_USER;
  return { type: 'IAMUser', principalId: known ? userPrincipalId(account.id, userName) : '', accountId: account.id, accessKeyId: '', userName };
}

export function failedConsoleLoginsRows(plan: FailedConsoleLoginsPlan, random: Random): Pick<IncidentRows, 'cloudtrail'> {
  const cloudtrail: CloudTrailRecord[] = plan.attempts.map((a) =>
    consoleLogin({ identity: signInIdentity(a.account, a.userName), time: a.at, region: GLOBAL_REGION, sourceIp: a.sourceIp, userAgent: AGENTS.browser, mfaUsed: false, failure: a.reason }, random),
  );
  const priya = plan.attempts[0]!;
  cloudtrail.push(consoleLogin({ identity: { ...signInIdentity(priya.account, priya.userName), arn: `arn:aws:iam::${priya.account.id}:user/${priya.userName}`, accessKeyId: undefined }, time: plan.retryAt, region: GLOBAL_REGION, sourceIp: priya.sourceIp, userAgent: AGENTS.browser, mfaUsed: true }, random));
  return { cloudtrail };
}

/** One record per failed sign-in: they happen in different accounts. */
export function describeFailedConsoleLogins(plan: FailedConsoleLoginsPlan): IncidentRecord[] {
  return plan.attempts.map((a) =>
    record('failed_console_login', a.account, GLOBAL_REGION, { start: a.at, end: a.at }, {
      summary: `failed console sign-in as ${a.userName} in ${a.account.alias} from ${a.sourceIp}: ${a.reason}`,
      tables: ['cloudtrail_logs'],
      identifiers: { user_name: a.userName, source_ip: a.sourceIp, error_message: a.reason, event_name: 'ConsoleLogin' },
    }),
  );
}
