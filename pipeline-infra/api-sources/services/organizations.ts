import { z } from 'zod';
import { requestBase, type ApiRow } from '../api-source.js';
import { describeScope, type ApiService, type SnapshotFiles } from './service.js';
import { iso, text } from './values.js';

export const organizationsRequestSchema = z.strictObject({
  service: z.literal('organizations'),
  ...requestBase,
  status: z.enum(['ACTIVE', 'SUSPENDED', 'PENDING_CLOSURE']).optional(),
  ou: z.string().max(128).optional().describe('an organizational unit, by name or id'),
});
export type OrganizationsRequest = z.infer<typeof organizationsRequestSchema>;

/** The fields of an Organizations `Account` (ListAccounts) that rows show. */
export interface OrganizationAccount {
  Id?: string;
  Name?: string;
  Email?: string;
  Status?: string;
  JoinedMethod?: string;
  JoinedTimestamp?: Date | string | number;
}

/** Where an account sits: the OU (or root) that lists it. */
export interface OrganizationalUnitRef {
  Id?: string;
  Name?: string;
}

const accountShape = z.looseObject({ Id: z.string().regex(/^\d{12}$/), Name: z.string(), Status: z.string() });
const unitShape = z.looseObject({ Id: z.string(), Name: z.string() });

export function organizationRow(account: OrganizationAccount, unit: OrganizationalUnitRef | undefined): ApiRow {
  return {
    account: text(account.Id),
    name: text(account.Name),
    email: text(account.Email),
    status: text(account.Status),
    ou: text(unit?.Name),
    ou_id: text(unit?.Id),
    joined: iso(account.JoinedTimestamp),
    joined_method: text(account.JoinedMethod),
  };
}

/**
 * A snapshot of the management account: ListAccounts, ListRoots, and per parent (file key: its
 * id) ListOrganizationalUnitsForParent and ListAccountsForParent, as the SDK source walks them.
 */
function snapshotRows(files: SnapshotFiles): ApiRow[] {
  const units = new Map<string, OrganizationalUnitRef>();
  for (const { response } of files.responses('ListRoots')) for (const root of (response as { Roots: OrganizationalUnitRef[] }).Roots) units.set(root.Id!, root);
  for (const { response } of files.responses('ListOrganizationalUnitsForParent')) for (const unit of (response as { OrganizationalUnits: OrganizationalUnitRef[] }).OrganizationalUnits) units.set(unit.Id!, unit);
  const parentOf = new Map<string, OrganizationalUnitRef>();
  for (const { key, response } of files.responses('ListAccountsForParent')) {
    for (const account of (response as { Accounts: OrganizationAccount[] }).Accounts) parentOf.set(account.Id!, units.get(key!) ?? { Id: key });
  }
  return files.responses('ListAccounts').flatMap(({ response }) => (response as { Accounts: OrganizationAccount[] }).Accounts.map((account) => organizationRow(account, parentOf.get(account.Id!))));
}

export const organizationsService: ApiService<OrganizationsRequest> = {
  name: 'organizations',
  title: 'AWS Organizations (accounts and OUs)',
  request: organizationsRequestSchema,
  responses: {
    ListAccounts: z.looseObject({ Accounts: z.array(accountShape) }),
    ListRoots: z.looseObject({ Roots: z.array(unitShape) }),
    ListOrganizationalUnitsForParent: z.looseObject({ OrganizationalUnits: z.array(unitShape) }),
    ListAccountsForParent: z.looseObject({ Accounts: z.array(accountShape) }),
  },
  snapshotRows,
  matches: (row, request) => (!request.status || row.status === request.status) && (!request.ou || [row.ou, row.ou_id].some((v) => String(v).toLowerCase() === request.ou!.toLowerCase())),
  compare: (a, b) => String(a.ou ?? '').localeCompare(String(b.ou ?? '')) || String(a.name).localeCompare(String(b.name)),
  describe: (request) =>
    ['Organizations ListAccounts + ListAccountsForParent', request.status ? `status ${request.status}` : undefined, request.ou ? `OU ${request.ou}` : undefined, describeScope(request)].filter(Boolean).join('; '),
};
