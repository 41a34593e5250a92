import { allow, getAtt, jsonSub, ref, serviceRole, sub, type Resource, type Template } from '../cloudformation.js';
import { FORWARDED_EVENTS } from '../forwarded-events.js';
import { pipelineNames, type PipelineNames, type PipelineSettings } from '../pipeline-settings.js';
import { LAKE_LOCATION_PARAMETERS } from './lake-location.js';

/**
 * Every member account, every region (a StackSet; the management account, which service-managed
 * StackSets skip, as a plain stack): Config item changes and GuardDuty findings go from the
 * default bus to the lake's bus, and an account-level subscription sends every log group to the
 * lake's Logs destination in this region. Roles are unnamed: one stack per region each makes its own.
 */
export function memberStack(settings: PipelineSettings): Template {
  const names = pipelineNames(settings.stage);
  const lakeBusArn = sub(`arn:\${AWS::Partition}:events:\${LakeRegion}:\${LakeAccountId}:event-bus/${names.eventBus}`);
  const destinationArn = `arn:\${AWS::Partition}:logs:\${AWS::Region}:\${LakeAccountId}:destination:${names.logsDestination}`;
  const forward = (source: 'config' | 'guardduty', description: string): Resource => ({
    Type: 'AWS::Events::Rule',
    Properties: {
      Name: `${names.prefix}-${source}-to-lake`,
      Description: description,
      EventPattern: FORWARDED_EVENTS[source],
      State: 'ENABLED',
      Targets: [{ Id: 'lake-event-bus', Arn: lakeBusArn, RoleArn: getAtt('ForwardToLakeRole', 'Arn') }],
    },
  });
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: `cia ${settings.stage}: forwards this account's Config changes, GuardDuty findings and CloudWatch Logs to the lake. Deploy in every account and region (StackSet).`,
    Parameters: LAKE_LOCATION_PARAMETERS,
    Resources: {
      ForwardToLakeRole: serviceRole({
        service: 'events.amazonaws.com',
        description: "this account's rules put Config and GuardDuty events on the lake's bus",
        statements: [allow(['events:PutEvents'], [lakeBusArn])],
        trustCondition: { StringEquals: { 'aws:SourceAccount': ref('AWS::AccountId') } },
      }),
      ConfigChangesToLakeRule: forward('config', "AWS Config configuration item changes, to the lake's bus"),
      // Findings are forwarded from every account that sees them (a GuardDuty administrator sees its members'); the table dedupes on the finding id.
      GuardDutyFindingsToLakeRule: forward('guardduty', "GuardDuty findings, to the lake's bus"),
      LogsSubscriptionRole: serviceRole({
        service: 'logs.amazonaws.com',
        description: "CloudWatch Logs sends this account's log events to the lake's destination (needed when the destination admits an organization)",
        statements: [allow(['logs:PutLogEvents'], [sub(destinationArn)])],
      }),
      LogsSubscriptionPolicy: {
        Type: 'AWS::Logs::AccountPolicy',
        Properties: {
          PolicyName: names.accountPolicy,
          PolicyType: 'SUBSCRIPTION_FILTER_POLICY',
          Scope: 'ALL',
          PolicyDocument: jsonSub({ DestinationArn: destinationArn, RoleArn: '${LogsSubscriptionRole.Arn}', FilterPattern: '', Distribution: 'Random' }),
          SelectionCriteria: `LogGroupName NOT IN ${JSON.stringify(pipelineLogGroups(names))}`,
        },
      },
    },
  };
}

/** The pipeline's own log groups stay out of the subscription (in the lake account they would feed themselves). */
function pipelineLogGroups(names: PipelineNames): string[] {
  return [`/aws/lambda/${names.transformFunction}`, names.firehoseLogGroup];
}
