import { stringify } from 'yaml';

/** The generated organization: a management account, a development and a production account. */
export interface GeneratedAccount {
  id: string;
  alias: 'main' | 'dev' | 'prod';
  /** Where the account runs workloads; the first is its home region. */
  regions: readonly string[];
}

export const HOME_REGION = 'eu-central-1';
/** IAM, STS (global endpoint), Organizations and console sign-in log here. */
export const GLOBAL_REGION = 'us-east-1';

export const ACCOUNTS: readonly GeneratedAccount[] = [
  { id: '111111111111', alias: 'main', regions: ['eu-central-1', 'eu-west-1', 'us-east-1'] },
  { id: '222222222222', alias: 'dev', regions: ['eu-central-1', 'eu-west-1', 'us-east-1'] },
  { id: '333333333333', alias: 'prod', regions: ['eu-central-1', 'us-east-1'] },
];

export function accountByAlias(alias: GeneratedAccount['alias']): GeneratedAccount {
  return ACCOUNTS.find((a) => a.alias === alias)!;
}

/** The payer of the consolidated bill (CUR's bill_payer_account_id). */
export const PAYER_ACCOUNT = accountByAlias('main');

/** The configuration file of DESIGN §6.2 for this organization. */
export function orgConfigYaml(): string {
  const config = {
    accounts: ACCOUNTS.map((a) => ({ id: a.id, alias: a.alias, regions: [...a.regions] })),
    channels: { general: { accounts: ['main', 'dev'] }, oncall: { accounts: ['main', 'dev', 'prod'] } },
  };
  return `# Written by \`cia lake generate\`: the accounts of the generated lake.\n${stringify(config)}`;
}
