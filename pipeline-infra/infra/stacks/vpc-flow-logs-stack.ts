import { flowlogsTable } from '../../catalog/tables/flowlogs.js';
import { ref, sub, type Template } from '../cloudformation.js';
import { flowLogFolder, flowLogFormat } from '../delivery-paths.js';
import { pipelineNames, type PipelineSettings } from '../pipeline-settings.js';
import { LAKE_LOCATION_PARAMETERS } from './lake-location.js';

/**
 * One VPC's flow logs into the lake, as Parquet with Hive-compatible daily partitions, every
 * field the flowlogs table reads. One stack per VPC (in a StackSet: a VpcId override per account).
 */
export function vpcFlowLogsStack(settings: PipelineSettings): Template {
  const names = pipelineNames(settings.stage);
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: `cia ${settings.stage}: one VPC's flow logs into the lake (Parquet, Hive-compatible partitions). Deploy once per VPC.`,
    Parameters: { ...LAKE_LOCATION_PARAMETERS, VpcId: { Type: 'AWS::EC2::VPC::Id', Description: 'the VPC whose flows are logged' } },
    Resources: {
      VpcFlowLog: {
        Type: 'AWS::EC2::FlowLog',
        Properties: {
          ResourceType: 'VPC',
          ResourceId: ref('VpcId'),
          TrafficType: 'ALL',
          LogDestinationType: 's3',
          // AWS appends AWSLogs/aws-account-id={…}/aws-service=vpcflowlogs/aws-region={…}/year=…/month=…/day=…/.
          LogDestination: sub(`arn:\${AWS::Partition}:s3:::${names.lakeBucket('LakeAccountId', 'LakeRegion')}/${flowLogFolder(flowlogsTable)}`),
          DestinationOptions: { FileFormat: 'parquet', HiveCompatiblePartitions: true, PerHourPartition: false },
          LogFormat: flowLogFormat(flowlogsTable),
          // Flows timed to the minute (the default aggregates ten).
          MaxAggregationInterval: 60,
        },
      },
    },
  };
}
