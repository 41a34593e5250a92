import { ACCOUNTS, PAYER_ACCOUNT, type GeneratedAccount } from '../accounts.js';
import { stableId } from '../random.js';
import type { SnapshotFile } from './snapshot-file.js';

const ORG_ID = `o-${stableId('organization', 'hex', 10)}`;
const ROOT = { Id: `r-${stableId('organization/root', 'hex', 4)}`, Name: 'Root' };
/** Production and development each have their OU; the management account stays under the root. */
const UNITS: Record<GeneratedAccount['alias'], { Id: string; Name: string } | undefined> = {
  main: undefined,
  prod: { Id: `${ROOT.Id.replace('r-', 'ou-')}-${stableId('organization/ou/prod', 'hex', 8)}`, Name: 'Production' },
  dev: { Id: `${ROOT.Id.replace('r-', 'ou-')}-${stableId('organization/ou/dev', 'hex', 8)}`, Name: 'Development' },
};

/** The organization as its management account lists it: three accounts, a root and two OUs. */
export function organizationsSnapshots(): SnapshotFile[] {
  const management = PAYER_ACCOUNT.id;
  const arn = (kind: string, id: string) => `arn:aws:organizations::${management}:${kind}/${ORG_ID}/${id}`;
  const account = (a: GeneratedAccount) => ({
    Id: a.id, Arn: arn('account', a.id), Email: `aws+${a.alias}@example.com`, Name: `acme-${a.alias}`, Status: 'ACTIVE', State: 'ACTIVE',
    JoinedMethod: a.id === management ? 'INVITED' : 'CREATED', JoinedTimestamp: a.id === management ? '2021-03-01T09:00:00.000Z' : '2021-03-02T10:30:00.000Z',
  });
  const units = Object.values(UNITS).filter((u) => u !== undefined);
  const file = (operation: string, response: object, key?: string): SnapshotFile => ({ service: 'organizations', account: management, operation, ...(key ? { key } : {}), response });
  return [
    file('ListAccounts', { Accounts: ACCOUNTS.map(account) }),
    file('ListRoots', { Roots: [{ ...ROOT, Arn: `arn:aws:organizations::${management}:root/${ORG_ID}/${ROOT.Id}`, PolicyTypes: [{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }] }] }),
    file('ListOrganizationalUnitsForParent', { OrganizationalUnits: units.map((u) => ({ ...u, Arn: arn('ou', u.Id) })) }, ROOT.Id),
    file('ListAccountsForParent', { Accounts: ACCOUNTS.filter((a) => !UNITS[a.alias]).map(account) }, ROOT.Id),
    ...units.map((unit) => file('ListAccountsForParent', { Accounts: ACCOUNTS.filter((a) => UNITS[a.alias]?.Id === unit.Id).map(account) }, unit.Id)),
  ];
}
