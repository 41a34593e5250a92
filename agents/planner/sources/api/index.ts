import type { ApiSourceName } from '../../../../pipeline-infra/api-sources/api-source.js';
import type { ApiQuery } from '../../source-query.js';
import { planAccessAnalyzer } from './access-analyzer.js';
import { planGuardDutyApi } from './guardduty.js';
import { planHealth } from './health.js';
import { planInspector } from './inspector.js';
import { planMacie } from './macie.js';
import { planOrganizations } from './organizations.js';
import { planQuotas } from './quotas.js';

/** The offline planner's reading of a question for each read API. */
export const API_PLANNERS: { [S in ApiSourceName]: (question: string) => ApiQuery<S> } = {
  guardduty: planGuardDutyApi,
  health: planHealth,
  'access-analyzer': planAccessAnalyzer,
  organizations: planOrganizations,
  quotas: planQuotas,
  macie: planMacie,
  inspector: planInspector,
};
