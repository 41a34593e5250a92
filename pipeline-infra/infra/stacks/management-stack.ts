import { cloudtrailTable } from '../../catalog/tables/cloudtrail.js';
import { curTable } from '../../catalog/tables/cur.js';
import { ref, sub, type Template } from '../cloudformation.js';
import { curExportLocation, organizationTrailPrefix } from '../delivery-paths.js';
import { MANAGEMENT_REGION, pipelineNames, type PipelineSettings } from '../pipeline-settings.js';
import { LAKE_LOCATION_PARAMETERS } from './lake-location.js';

/**
 * The management (payer) account's stack, in us-east-1: the organization trail (every account,
 * every region) and the CUR 2.0 export, both writing into the lake bucket, whose policy admits
 * exactly this trail and this account's exports.
 */
export function managementStack(settings: PipelineSettings): Template {
  const names = pipelineNames(settings.stage);
  const cur = curExportLocation(curTable);
  const curColumns = curTable.columns.map((column) => column.name).join(', ');
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: `cia ${settings.stage}: the organization CloudTrail trail and the CUR 2.0 export into the lake. Deploy in the management account, in ${MANAGEMENT_REGION} (Data Exports exists only there).`,
    Parameters: LAKE_LOCATION_PARAMETERS,
    Resources: {
      OrganizationTrail: {
        Type: 'AWS::CloudTrail::Trail',
        Properties: {
          TrailName: names.organizationTrail,
          S3BucketName: sub(names.lakeBucket('LakeAccountId', 'LakeRegion')),
          // CloudTrail appends AWSLogs/{organization id}/{account}/CloudTrail/{region}/{yyyy}/{mm}/{dd}/.
          S3KeyPrefix: organizationTrailPrefix(cloudtrailTable),
          IsLogging: true,
          IsOrganizationTrail: true,
          IsMultiRegionTrail: true,
          IncludeGlobalServiceEvents: true,
          EnableLogFileValidation: true,
        },
      },
      CostAndUsageExport: {
        Type: 'AWS::BCMDataExports::Export',
        Properties: {
          Export: {
            Name: cur.exportName,
            Description: `cia ${settings.stage}: CUR 2.0, daily, with resource ids, for the cur_data table`,
            // Exactly the columns cur_data reads.
            DataQuery: {
              QueryStatement: `SELECT ${curColumns} FROM COST_AND_USAGE_REPORT`,
              TableConfigurations: {
                COST_AND_USAGE_REPORT: { TIME_GRANULARITY: 'DAILY', INCLUDE_RESOURCES: 'TRUE', INCLUDE_MANUAL_DISCOUNT_COMPATIBILITY: 'FALSE', INCLUDE_SPLIT_COST_ALLOCATION_DATA: 'FALSE' },
              },
            },
            DestinationConfigurations: {
              S3Destination: {
                S3Bucket: sub(names.lakeBucket('LakeAccountId', 'LakeRegion')),
                // Data Exports appends {export name}/data/BILLING_PERIOD={YYYY-MM}/.
                S3Prefix: cur.prefix,
                S3Region: ref('LakeRegion'),
                S3OutputConfigurations: { OutputType: 'CUSTOM', Format: 'PARQUET', Compression: 'PARQUET', Overwrite: 'OVERWRITE_REPORT' },
              },
            },
            RefreshCadence: { Frequency: 'SYNCHRONOUS' },
          },
        },
      },
    },
  };
}
