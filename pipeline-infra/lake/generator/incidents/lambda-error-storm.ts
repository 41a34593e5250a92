import { accountByAlias, type GeneratedAccount } from '../accounts.js';
import { lambdaLogGroup, type ErrorStorm } from '../cloudwatch.js';
import { regionInventory, type NetworkEndpoint } from '../inventory.js';
import type { Random } from '../random.js';
import { HOUR, MINUTE } from '../rhythm.js';
import { record, secondsBetween, type IncidentDays, type IncidentRecord } from './incident.js';

export interface LambdaErrorStormPlan {
  account: GeneratedAccount;
  region: string;
  functionName: string;
  database: NetworkEndpoint;
  from: number;
  to: number;
}

/** Half an hour in which the checkout function cannot reach its database: timeouts and connection errors. */
export function planLambdaErrorStorm(days: IncidentDays, random: Random): LambdaErrorStormPlan {
  const account = accountByAlias('prod');
  const region = 'eu-central-1';
  const from = days.yesterday + 14 * HOUR + 10 * MINUTE + secondsBetween(random, 0, 20 * MINUTE);
  const database = regionInventory(account.id, region)!.endpoints.find((e) => e.kind === 'database')!;
  return { account, region, functionName: 'checkout-api', database, from, to: from + 30 * MINUTE };
}

/** The storm changes what the CloudWatch generator writes for the function (and its database) meanwhile. */
export function errorStormOf(plan: LambdaErrorStormPlan): ErrorStorm {
  return { accountId: plan.account.id, logGroup: lambdaLogGroup(plan.functionName), from: plan.from, to: plan.to };
}

export function describeLambdaErrorStorm(plan: LambdaErrorStormPlan): IncidentRecord {
  const address = `${plan.database.privateIp}:${plan.database.port}`;
  return record('lambda_error_storm', plan.account, plan.region, { start: plan.from, end: plan.to }, {
    summary: `${lambdaLogGroup(plan.functionName)} failing for 30 minutes: ERROR "connect ETIMEDOUT ${address}" with stack traces and "Task timed out" (and ${plan.database.name} out of connection slots)`,
    tables: ['cloudwatch_logs'],
    identifiers: {
      log_group: lambdaLogGroup(plan.functionName),
      function_name: plan.functionName,
      error_message: `connect ETIMEDOUT ${address}`,
      timeout_message: 'Task timed out after',
      database_log_group: `/aws/rds/instance/${plan.database.name}/postgresql`,
      database_error: 'remaining connection slots are reserved for non-replication superuser connections',
    },
  });
}
