import { AGENTS, PEOPLE, ssoPrincipal, ssoRoleName } from '../cloudtrail-actors.js';
import { apiCall, principalArn, userIdentity, type CloudTrailRecord } from '../cloudtrail-record.js';
import { configItem, instanceResource, instanceState, instanceTags } from '../config.js';
import { findInstance, type Instance, type RegionInventory } from '../inventory.js';
import type { Random } from '../random.js';
import { HOUR, MINUTE } from '../rhythm.js';
import { record, secondsBetween, type IncidentDays, type IncidentRecord, type IncidentRows } from './incident.js';

export interface InstanceTerminatedPlan {
  instance: Instance;
  inventory: RegionInventory;
  email: string;
  sourceIp: string;
  stopAt: number;
  terminateAt: number;
}

/**
 * A developer whose prod access is read-mostly (DeveloperAccess, hardly ever used there) stops
 * and then terminates a production payments worker late in the afternoon.
 */
export function planInstanceTerminated(days: IncidentDays, random: Random): InstanceTerminatedPlan {
  const { instance, inventory } = findInstance('prod-payments-worker-1');
  const frank = PEOPLE.find((p) => p.email === 'frank@example.com')!;
  const stopAt = days.yesterday + 16 * HOUR + 30 * MINUTE + secondsBetween(random, 0, 20 * MINUTE);
  return { instance, inventory, email: frank.email, sourceIp: frank.ips.at(-1)!, stopAt, terminateAt: stopAt + secondsBetween(random, 4 * MINUTE, 7 * MINUTE) };
}

function stateChange(name: 'StopInstances' | 'TerminateInstances', instanceId: string, random: Random): { requestParameters: object; responseElements: object } {
  const [code, state] = name === 'StopInstances' ? [64, 'stopping'] : [32, 'shutting-down'];
  const previous = name === 'StopInstances' ? { code: 16, name: 'running' } : { code: 80, name: 'stopped' };
  return {
    requestParameters: { instancesSet: { items: [{ instanceId }] }, ...(name === 'StopInstances' ? { force: false } : {}) },
    responseElements: { requestId: random.uuid(), instancesSet: { items: [{ instanceId, currentState: { code, name: state }, previousState: previous }] } },
  };
}

export function instanceTerminatedRows(plan: InstanceTerminatedPlan, random: Random): Pick<IncidentRows, 'cloudtrail' | 'config'> {
  const { instance, inventory } = plan;
  const principal = ssoPrincipal(inventory.account, 'DeveloperAccess', plan.email);
  const identity = userIdentity(principal, plan.stopAt - 23 * MINUTE, 'incident-terminate');
  const call = (time: number, eventName: string, readOnly: boolean, detail: { requestParameters?: object; responseElements?: object }): CloudTrailRecord =>
    apiCall(
      { identity, time, eventSource: 'ec2.amazonaws.com', eventName, region: inventory.region, sourceIp: plan.sourceIp, userAgent: AGENTS.awsInternal(), readOnly, recipientAccountId: inventory.account.id, fromConsole: true, ...detail },
      random,
    );
  const describe = { requestParameters: { instancesSet: {}, filterSet: { items: [{ name: 'tag:Name', valueSet: { items: [{ value: 'prod-payments-*' }] } }] } } };
  const cloudtrail = [
    call(plan.stopAt - 3 * MINUTE, 'DescribeInstances', true, describe),
    call(plan.stopAt - 40_000, 'DescribeInstances', true, describe),
    call(plan.stopAt, 'StopInstances', false, stateChange('StopInstances', instance.id, random)),
    call(plan.stopAt + 2 * MINUTE, 'DescribeInstanceStatus', true, { requestParameters: { instancesSet: { items: [{ instanceId: instance.id }] }, filterSet: {}, includeAllInstances: true } }),
    call(plan.terminateAt, 'TerminateInstances', false, stateChange('TerminateInstances', instance.id, random)),
  ];
  const resource = instanceResource(instance, inventory);
  const tags = instanceTags(instance, inventory);
  const config = [
    configItem(resource, plan.stopAt + 95_000, instanceState(instance, inventory, 'stopped', tags, plan.stopAt), [cloudtrail[2]!.eventID]),
    configItem(resource, plan.terminateAt + 6 * MINUTE, 'deleted', [cloudtrail[4]!.eventID]),
  ];
  return { cloudtrail, config };
}

export function describeInstanceTerminated(plan: InstanceTerminatedPlan): IncidentRecord {
  const { instance, inventory } = plan;
  const principal = ssoPrincipal(inventory.account, 'DeveloperAccess', plan.email);
  return record('instance_terminated', inventory.account, inventory.region, { start: plan.stopAt, end: plan.terminateAt }, {
    summary: `${plan.email} (SSO DeveloperAccess) stopped and then terminated ${instance.name} (${instance.id}) in prod`,
    tables: ['cloudtrail_logs', 'config_logs'],
    identifiers: {
      instance_id: instance.id,
      instance_name: instance.name,
      session_name: plan.email,
      role_name: ssoRoleName(inventory.account.id, 'DeveloperAccess'),
      principal_arn: principalArn(principal),
      source_ip: plan.sourceIp,
      event_names: ['StopInstances', 'TerminateInstances'],
    },
  });
}
