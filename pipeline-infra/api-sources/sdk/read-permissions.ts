/**
 * Every AWS call the API sources make, as IAM names it. The callers are typed with this list, so
 * a new call cannot go unlisted, and the `cia-read-only` role each account carries grants exactly
 * these (`cia infra synth`, the read-only stack), as does the agents' own role (serverless.yml).
 */
export const API_READ_PERMISSIONS = [
  'access-analyzer:ListAnalyzers',
  'access-analyzer:ListFindings',
  'cloudwatch:GetMetricData',
  'guardduty:GetFindings',
  'guardduty:ListDetectors',
  'guardduty:ListFindings',
  'health:DescribeEvents',
  'inspector2:ListFindings',
  'macie2:GetFindings',
  'macie2:ListFindings',
  'organizations:ListAccounts',
  'organizations:ListAccountsForParent',
  'organizations:ListOrganizationalUnitsForParent',
  'organizations:ListRoots',
  'servicequotas:ListServiceQuotas',
] as const;

export type ApiReadPermission = (typeof API_READ_PERMISSIONS)[number];
