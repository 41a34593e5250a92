import { AGENTS, PEOPLE, ssoPrincipal } from '../cloudtrail-actors.js';
import { EC2 } from '../cloudtrail-activities.js';
import { apiCall, principalArn, userIdentity } from '../cloudtrail-record.js';
import { configItem, securityGroupResource, securityGroupState } from '../config.js';
import { findSecurityGroup, type IngressRule, type RegionInventory, type SecurityGroup } from '../inventory.js';
import { HOUR, MINUTE } from '../rhythm.js';
import { stableId, type Random } from '../random.js';
import { record, secondsBetween, type IncidentDays, type IncidentRecord, type IncidentRows } from './incident.js';

export const WORLD = '0.0.0.0/0';
const SSH = 22;

export interface SecurityGroupOpenedPlan {
  group: SecurityGroup;
  inventory: RegionInventory;
  email: string;
  sourceIp: string;
  at: number;
  ruleId: string;
}

/** An administrator opens SSH on the production bastion to the whole internet "for a quick debug". */
export function planSecurityGroupOpened(days: IncidentDays, random: Random): SecurityGroupOpenedPlan {
  const { group, inventory } = findSecurityGroup('prod-bastion-sg');
  const dave = PEOPLE.find((p) => p.email === 'dave@example.com')!;
  return { group, inventory, email: dave.email, sourceIp: dave.ips[0]!, at: days.twoDaysAgo + 10 * HOUR + secondsBetween(random, 0, 30 * MINUTE), ruleId: `sgr-0${stableId(`${group.id}/world-ssh`, 'hex', 16)}` };
}

export function openedRule(): IngressRule {
  return { protocol: 'tcp', fromPort: SSH, toPort: SSH, cidr: WORLD, description: 'temp: ssh from home' };
}

export function securityGroupOpenedRows(plan: SecurityGroupOpenedPlan, random: Random): Pick<IncidentRows, 'cloudtrail' | 'config'> {
  const { group, inventory } = plan;
  const identity = userIdentity(ssoPrincipal(inventory.account, 'AdministratorAccess', plan.email), plan.at - 41 * MINUTE, 'incident-sg');
  const common = { identity, eventSource: 'ec2.amazonaws.com', region: inventory.region, sourceIp: plan.sourceIp, recipientAccountId: inventory.account.id };
  const rule = openedRule();
  const cloudtrail = [
    apiCall({ ...common, time: plan.at - 70_000, eventName: 'DescribeSecurityGroups', readOnly: true, userAgent: AGENTS.cli(EC2.describeSecurityGroups), requestParameters: { securityGroupSet: {}, securityGroupIdSet: { items: [{ groupId: group.id }] }, filterSet: {} } }, random),
    apiCall(
      {
        ...common,
        time: plan.at,
        eventName: 'AuthorizeSecurityGroupIngress',
        readOnly: false,
        userAgent: AGENTS.cli(EC2.authorizeInternalIngress),
        requestParameters: { groupId: group.id, ipPermissions: { items: [{ ipProtocol: 'tcp', fromPort: SSH, toPort: SSH, groups: {}, ipRanges: { items: [{ cidrIp: WORLD, description: rule.description }] }, ipv6Ranges: {}, prefixListIds: {} }] } },
        responseElements: { requestId: random.uuid(), _return: true, securityGroupRuleSet: { items: [{ groupOwnerId: inventory.account.id, groupId: group.id, securityGroupRuleId: plan.ruleId, description: rule.description, isEgress: false, ipProtocol: 'tcp', fromPort: SSH, toPort: SSH, cidrIpv4: WORLD }] } },
      },
      random,
    ),
  ];
  const config = [configItem(securityGroupResource(group, inventory), plan.at + random.between(2 * MINUTE, 4 * MINUTE), securityGroupState(group, inventory, [...group.ingress, rule]), [cloudtrail[1]!.eventID])];
  return { cloudtrail, config };
}

export function describeSecurityGroupOpened(plan: SecurityGroupOpenedPlan): IncidentRecord {
  const { group, inventory } = plan;
  return record('security_group_opened', inventory.account, inventory.region, { start: plan.at, end: plan.at }, {
    summary: `${plan.email} opened ${group.name} (${group.id}) to ${WORLD} on port ${SSH} in prod`,
    tables: ['cloudtrail_logs', 'config_logs', 'flowlogs'],
    identifiers: {
      group_id: group.id,
      group_name: group.name,
      rule_id: plan.ruleId,
      cidr: WORLD,
      port: SSH,
      session_name: plan.email,
      principal_arn: principalArn(ssoPrincipal(inventory.account, 'AdministratorAccess', plan.email)),
      source_ip: plan.sourceIp,
      event_name: 'AuthorizeSecurityGroupIngress',
      config_resource_type: 'AWS::EC2::SecurityGroup',
    },
  });
}
