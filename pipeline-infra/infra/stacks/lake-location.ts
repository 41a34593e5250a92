import type { Parameter } from '../cloudformation.js';

/** Where the lake is, for the stacks in other accounts: its bucket, bus and destinations are named from these. */
export const LAKE_LOCATION_PARAMETERS: Record<'LakeAccountId' | 'LakeRegion', Parameter> = {
  LakeAccountId: { Type: 'String', Description: 'the account of the lake stack', AllowedPattern: '^\\d{12}$', ConstraintDescription: 'a 12-digit account id' },
  LakeRegion: { Type: 'String', Description: 'the home region of the lake stack', AllowedPattern: '^[a-z]{2}(-[a-z]+)+-\\d$', ConstraintDescription: 'a region name such as eu-central-1' },
};
