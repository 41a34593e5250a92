import type { ErrorStorm } from '../cloudwatch.js';
import type { CostSpike } from '../cur.js';
import type { Random } from '../random.js';
import { bucketMadePublicRows, describeBucketMadePublic, planBucketMadePublic, type BucketMadePublicPlan } from './bucket-made-public.js';
import { costSpikeOf, costSpikeRows, describeCostSpike, planCostSpike, type CostSpikePlan } from './cost-spike.js';
import { describeFailedConsoleLogins, failedConsoleLoginsRows, planFailedConsoleLogins, type FailedConsoleLoginsPlan } from './failed-console-logins.js';
import { incidentDays, type IncidentRecord, type IncidentRows } from './incident.js';
import { describeInstanceTerminated, instanceTerminatedRows, planInstanceTerminated, type InstanceTerminatedPlan } from './instance-terminated.js';
import { describeLambdaErrorStorm, errorStormOf, planLambdaErrorStorm, type LambdaErrorStormPlan } from './lambda-error-storm.js';
import { describePortScan, planPortScan, portScanRows, type PortScanPlan } from './port-scan.js';
import { describeSecurityGroupOpened, openedRule, planSecurityGroupOpened, securityGroupOpenedRows, type SecurityGroupOpenedPlan } from './security-group-opened.js';
import { describeStolenAccessKey, planStolenAccessKey, stolenAccessKeyRows, type StolenAccessKeyPlan } from './stolen-access-key.js';

export type { IncidentKind, IncidentRecord, IncidentRows } from './incident.js';

/** When and where each scripted incident happens: on the last two full days before `now`. */
export interface IncidentPlan {
  stolenAccessKey: StolenAccessKeyPlan;
  instanceTerminated: InstanceTerminatedPlan;
  securityGroupOpened: SecurityGroupOpenedPlan;
  lambdaErrorStorm: LambdaErrorStormPlan;
  costSpike: CostSpikePlan;
  portScan: PortScanPlan;
  failedConsoleLogins: FailedConsoleLoginsPlan;
  bucketMadePublic: BucketMadePublicPlan;
}

export function planIncidents(now: number, random: Random): IncidentPlan {
  const days = incidentDays(now);
  const stolenAccessKey = planStolenAccessKey(days, random.fork('stolen-access-key'));
  const securityGroupOpened = planSecurityGroupOpened(days, random.fork('security-group-opened'));
  return {
    stolenAccessKey,
    instanceTerminated: planInstanceTerminated(days, random.fork('instance-terminated')),
    securityGroupOpened,
    lambdaErrorStorm: planLambdaErrorStorm(days, random.fork('lambda-error-storm')),
    costSpike: planCostSpike(days),
    // The scan comes after SSH was opened to the world, so port 22 answers.
    portScan: planPortScan(days, random.fork('port-scan'), [openedRule().fromPort]),
    failedConsoleLogins: planFailedConsoleLogins(days, random.fork('failed-console-logins'), stolenAccessKey.start),
    bucketMadePublic: planBucketMadePublic(days, random.fork('bucket-made-public')),
  };
}

/** The rows every incident adds, and what `incidents.json` says about them. */
export function incidentRows(plan: IncidentPlan, random: Random): { rows: IncidentRows; records: IncidentRecord[] } {
  const stolen = stolenAccessKeyRows(plan.stolenAccessKey, random.fork('stolen-access-key'));
  const terminated = instanceTerminatedRows(plan.instanceTerminated, random.fork('instance-terminated'));
  const opened = securityGroupOpenedRows(plan.securityGroupOpened, random.fork('security-group-opened'));
  const spike = costSpikeRows(plan.costSpike, random.fork('cost-spike'));
  const scan = portScanRows(plan.portScan, random.fork('port-scan'));
  const logins = failedConsoleLoginsRows(plan.failedConsoleLogins, random.fork('failed-console-logins'));
  const madePublic = bucketMadePublicRows(plan.bucketMadePublic, random.fork('bucket-made-public'));
  return {
    rows: {
      cloudtrail: [...stolen.cloudtrail, ...terminated.cloudtrail, ...opened.cloudtrail, ...logins.cloudtrail, ...madePublic.cloudtrail],
      config: [...stolen.config, ...terminated.config, ...opened.config],
      flowlogs: [...spike.flowlogs, ...scan.flowlogs],
      guardduty: [...stolen.guardduty, ...scan.guardduty],
    },
    records: [
      describeStolenAccessKey(plan.stolenAccessKey, stolen),
      describeInstanceTerminated(plan.instanceTerminated),
      describeSecurityGroupOpened(plan.securityGroupOpened),
      describeLambdaErrorStorm(plan.lambdaErrorStorm),
      describeCostSpike(plan.costSpike),
      describePortScan(plan.portScan, scan),
      ...describeFailedConsoleLogins(plan.failedConsoleLogins),
      describeBucketMadePublic(plan.bucketMadePublic),
    ],
  };
}

/** How incidents change the normal data around them. */
export interface IncidentEffects {
  /** Instances that stop working (the terminated worker, from when it was stopped). */
  retiredInstances: Map<string, number>;
  /** Security groups reachable from anywhere on a port from a time. */
  openedToWorld: Map<string, { at: number; port: number }>;
  storms: ErrorStorm[];
  spikes: CostSpike[];
}

export function incidentEffects(plan: IncidentPlan): IncidentEffects {
  const { instanceTerminated, securityGroupOpened } = plan;
  return {
    retiredInstances: new Map([[instanceTerminated.instance.id, instanceTerminated.stopAt]]),
    openedToWorld: new Map([[securityGroupOpened.group.id, { at: securityGroupOpened.at, port: openedRule().fromPort }]]),
    storms: [errorStormOf(plan.lambdaErrorStorm)],
    spikes: [costSpikeOf(plan.costSpike)],
  };
}
