import {
  ListAccountsCommand,
  ListAccountsForParentCommand,
  ListOrganizationalUnitsForParentCommand,
  ListRootsCommand,
  type Account,
  type ListAccountsCommandOutput,
  type ListAccountsForParentCommandOutput,
  type ListOrganizationalUnitsForParentCommandOutput,
  type ListRootsCommandOutput,
} from '@aws-sdk/client-organizations';
import { organizationRow, type OrganizationalUnitRef } from '../services/organizations.js';
import { allPages, type AwsCaller } from './aws-call.js';
import type { SdkFetcher } from './sdk-source.js';

/** OUs nest at most five levels below the root. */
const MAX_DEPTH = 6;

/** Organizations, asked in the management account: every account, with the OU that holds it. */
export const organizationsSdk: SdkFetcher<'organizations'> = {
  scope: 'organization',
  async fetch(call) {
    const accounts = await allPages(async (NextToken) => {
      const out = await call<ListAccountsCommandOutput>('organizations', new ListAccountsCommand({ NextToken }), 'organizations:ListAccounts');
      return { items: out.Accounts, next: out.NextToken };
    });
    const roots = await allPages(async (NextToken) => {
      const out = await call<ListRootsCommandOutput>('organizations', new ListRootsCommand({ NextToken }), 'organizations:ListRoots');
      return { items: out.Roots, next: out.NextToken };
    });
    const parentOf = new Map<string, OrganizationalUnitRef>();
    for (const root of roots) await walk(call, root, parentOf, 0);
    return accounts.map((account) => organizationRow(account, parentOf.get(account.Id!)));
  },
};

/** Records which unit lists each account, for a unit and the units below it. */
async function walk(call: AwsCaller, unit: OrganizationalUnitRef, parentOf: Map<string, OrganizationalUnitRef>, depth: number): Promise<void> {
  const ParentId = unit.Id!;
  const accounts: Account[] = await allPages(async (NextToken) => {
    const out = await call<ListAccountsForParentCommandOutput>('organizations', new ListAccountsForParentCommand({ ParentId, NextToken }), 'organizations:ListAccountsForParent');
    return { items: out.Accounts, next: out.NextToken };
  });
  for (const account of accounts) parentOf.set(account.Id!, unit);
  if (depth >= MAX_DEPTH) return;
  const children = await allPages(async (NextToken) => {
    const out = await call<ListOrganizationalUnitsForParentCommandOutput>('organizations', new ListOrganizationalUnitsForParentCommand({ ParentId, NextToken }), 'organizations:ListOrganizationalUnitsForParent');
    return { items: out.OrganizationalUnits, next: out.NextToken };
  });
  for (const child of children) await walk(call, child, parentOf, depth + 1);
}
