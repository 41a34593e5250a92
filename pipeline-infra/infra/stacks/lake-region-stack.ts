import { getAtt, sub, type Parameter, type Template } from '../cloudformation.js';
import { ORGANIZATION_ID_PARAMETER, pipelineNames, sendersOf, type PipelineSettings } from '../pipeline-settings.js';
import { logsDestination } from './lake-stack.js';

/**
 * The lake account's stack for every other region where member accounts have log groups: a log
 * group can only subscribe to a destination in its own region, so each region gets a destination
 * pointing at the home region's cloudwatch stream (CloudWatch Logs delivers across regions).
 */
export function lakeRegionStack(settings: PipelineSettings): Template {
  const names = pipelineNames(settings.stage);
  const senders = sendersOf(settings);
  const parameters: Record<string, Parameter> = {
    LakeHomeRegion: { Type: 'String', Description: 'the region of the lake stack (its bucket and streams)', AllowedPattern: '^[a-z]{2}(-[a-z]+)+-\\d$', ConstraintDescription: 'a region name such as eu-central-1' },
  };
  // Only an organization-wide destination policy names the organization.
  if (senders.kind === 'organization') {
    parameters[ORGANIZATION_ID_PARAMETER] = {
      Type: 'String',
      Description: 'the AWS Organizations id whose accounts may subscribe',
      AllowedPattern: '^o-[a-z0-9]{10,32}$',
      ...(settings.orgId ? { Default: settings.orgId } : {}),
    };
  }
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: `cia ${settings.stage}: a CloudWatch Logs destination for member log groups in this region, into the lake's cloudwatch stream. Deploy in the lake account, in every region with member log groups except the home region.`,
    Parameters: parameters,
    Resources: {
      CloudWatchLogsDestination: logsDestination(names, senders, {
        targetArn: sub(`arn:\${AWS::Partition}:firehose:\${LakeHomeRegion}:\${AWS::AccountId}:deliverystream/${names.stream('cloudwatch')}`),
        roleArn: sub(`arn:\${AWS::Partition}:iam::\${AWS::AccountId}:role/${names.logsToFirehoseRole}`),
      }),
    },
    Outputs: { LogsDestinationArn: { Description: "this region's destination for the member accounts' subscriptions", Value: getAtt('CloudWatchLogsDestination', 'Arn') } },
  };
}
