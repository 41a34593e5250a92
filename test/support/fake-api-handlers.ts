import type { ApiSourceName } from '../../pipeline-infra/api-sources/api-source.js';
import { generatedSnapshots, itemsOf } from './api-snapshots.js';
import { twoPages, type FakeHandlers } from './fake-aws.js';

/** Fake AWS APIs answering with the generated lake's data in two pages, or with nothing, and the call a denial hits. */
export interface FakeApi {
  handlers: FakeHandlers;
  emptyHandlers: FakeHandlers;
  /** The paginated command, called once per page. */
  paged: string;
  denied: { command: string; permission: string };
}

const files = generatedSnapshots();
const token = (input: Record<string, unknown>, field = 'nextToken') => input[field] as string | undefined;

const guardduty = itemsOf<{ Id: string }>(files, 'guardduty', 'GetFindings', 'Findings');
const macie = itemsOf<{ id: string }>(files, 'macie', 'GetFindings', 'findings');
const orgResponse = (operation: string, key?: string) => files.find((f) => f.service === 'organizations' && f.operation === operation && f.key === key)?.response as Record<string, { Id: string }[]> | undefined;
const roots = orgResponse('ListRoots')!.Roots!;
const prod = files.filter((f) => f.account === '333333333333');
const quotas = itemsOf<{ ServiceCode: string }>(prod, 'quotas', 'ListServiceQuotas', 'Quotas');

const organizations: FakeHandlers['organizations'] = {
  ListAccountsCommand: (input) => twoPages(orgResponse('ListAccounts')!.Accounts!, token(input, 'NextToken'), 'Accounts', 'NextToken'),
  ListRootsCommand: () => ({ Roots: roots }),
  ListOrganizationalUnitsForParentCommand: (input) => ({ OrganizationalUnits: orgResponse('ListOrganizationalUnitsForParent', input.ParentId as string)?.OrganizationalUnits ?? [] }),
  ListAccountsForParentCommand: (input) => ({ Accounts: orgResponse('ListAccountsForParent', input.ParentId as string)?.Accounts ?? [] }),
};

export const FAKE_APIS: Record<ApiSourceName, FakeApi> = {
  guardduty: {
    handlers: {
      guardduty: {
        ListDetectorsCommand: () => ({ DetectorIds: ['det-1'] }),
        ListFindingsCommand: (input) => twoPages(guardduty.map((f) => f.Id), token(input, 'NextToken'), 'FindingIds', 'NextToken'),
        GetFindingsCommand: (input) => ({ Findings: guardduty.filter((f) => (input.FindingIds as string[]).includes(f.Id)) }),
      },
    },
    emptyHandlers: { guardduty: { ListDetectorsCommand: () => ({ DetectorIds: ['det-1'] }), ListFindingsCommand: () => ({ FindingIds: [] }) } },
    paged: 'ListFindingsCommand',
    denied: { command: 'ListFindingsCommand', permission: 'guardduty:ListFindings' },
  },
  health: {
    handlers: { health: { DescribeEventsCommand: (input) => twoPages(itemsOf(files, 'health', 'DescribeEvents', 'events'), token(input), 'events', 'nextToken') } },
    emptyHandlers: { health: { DescribeEventsCommand: () => ({ events: [] }) } },
    paged: 'DescribeEventsCommand',
    denied: { command: 'DescribeEventsCommand', permission: 'health:DescribeEvents' },
  },
  'access-analyzer': {
    handlers: {
      accessanalyzer: {
        ListAnalyzersCommand: () => ({ analyzers: [{ arn: 'arn:aws:access-analyzer:eu-central-1:333333333333:analyzer/org', type: 'ORGANIZATION' }, { arn: 'arn:aws:access-analyzer:eu-central-1:333333333333:analyzer/unused', type: 'ACCOUNT_UNUSED_ACCESS' }] }),
        ListFindingsCommand: (input) => twoPages(itemsOf(files, 'access-analyzer', 'ListFindings', 'findings'), token(input), 'findings', 'nextToken'),
      },
    },
    emptyHandlers: { accessanalyzer: { ListAnalyzersCommand: () => ({ analyzers: [] }) } },
    paged: 'ListFindingsCommand',
    denied: { command: 'ListAnalyzersCommand', permission: 'access-analyzer:ListAnalyzers' },
  },
  organizations: {
    handlers: { organizations },
    emptyHandlers: { organizations: { ...organizations, ListAccountsCommand: () => ({ Accounts: [] }) } },
    paged: 'ListAccountsCommand',
    denied: { command: 'ListAccountsCommand', permission: 'organizations:ListAccounts' },
  },
  quotas: {
    handlers: {
      servicequotas: { ListServiceQuotasCommand: (input) => twoPages(quotas.filter((q) => q.ServiceCode === input.ServiceCode), token(input, 'NextToken'), 'Quotas', 'NextToken') },
      cloudwatch: { GetMetricDataCommand: () => ({ MetricDataResults: itemsOf(prod, 'quotas', 'GetMetricData', 'MetricDataResults') }) },
    },
    emptyHandlers: { servicequotas: { ListServiceQuotasCommand: () => ({ Quotas: [] }) }, cloudwatch: { GetMetricDataCommand: () => ({ MetricDataResults: [] }) } },
    paged: 'ListServiceQuotasCommand',
    denied: { command: 'GetMetricDataCommand', permission: 'cloudwatch:GetMetricData' },
  },
  macie: {
    handlers: {
      macie2: {
        ListFindingsCommand: (input) => twoPages(macie.map((f) => f.id), token(input), 'findingIds', 'nextToken'),
        GetFindingsCommand: (input) => ({ findings: macie.filter((f) => (input.findingIds as string[]).includes(f.id)) }),
      },
    },
    emptyHandlers: { macie2: { ListFindingsCommand: () => ({ findingIds: [] }) } },
    paged: 'ListFindingsCommand',
    denied: { command: 'GetFindingsCommand', permission: 'macie2:GetFindings' },
  },
  inspector: {
    handlers: { inspector2: { ListFindingsCommand: (input) => twoPages(itemsOf(files, 'inspector', 'ListFindings', 'findings'), token(input), 'findings', 'nextToken') } },
    emptyHandlers: { inspector2: { ListFindingsCommand: () => ({ findings: [] }) } },
    paged: 'ListFindingsCommand',
    denied: { command: 'ListFindingsCommand', permission: 'inspector2:ListFindings' },
  },
};
