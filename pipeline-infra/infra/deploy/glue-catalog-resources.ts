import { CATALOG } from '../../catalog/index.js';
import { externalTable, layoutFor, locationTemplate, organizationLayout, partitionRoot } from '../../catalog/external-table.js';
import { LAKE_DATABASE, type TableDef } from '../../catalog/types.js';
import { ref, sub, type Intrinsic, type Resource, type Value } from '../cloudformation.js';

/**
 * The Glue database, its six tables and the Athena workgroup, as CloudFormation resources for the
 * Lambda stack (serverless.yml), generated from the catalog like the DuckDB views and the guard.
 * The stack declares the parameters these read: `LakeBucket` (the lake's bucket name) and
 * `OrganizationId` (empty unless CloudTrail comes from an organization trail).
 */

export interface GlueCatalogFragment {
  Conditions: Record<string, Value>;
  Resources: Record<string, Resource>;
}

const GLUE_DATABASE_RESOURCE = 'GlueDatabase';
const ATHENA_WORKGROUP_RESOURCE = 'AthenaWorkGroup';
const ATHENA_RESULTS_BUCKET_RESOURCE = 'AthenaResultsBucket';
const HAS_ORGANIZATION = 'HasOrganizationId';
/** A question's queries scan days, not years: a runaway query stops at this many bytes. */
const BYTES_SCANNED_CUTOFF = 100 * 1024 ** 3;
/** Query results are only read back by the agent that ran the query. */
const RESULTS_EXPIRY_DAYS = 7;

export function glueCatalogResources(): GlueCatalogFragment {
  return {
    Conditions: { [HAS_ORGANIZATION]: { 'Fn::Not': [{ 'Fn::Equals': [ref('OrganizationId'), ''] }] } },
    Resources: {
      [GLUE_DATABASE_RESOURCE]: {
        Type: 'AWS::Glue::Database',
        Properties: { CatalogId: ref('AWS::AccountId'), DatabaseInput: { Name: LAKE_DATABASE, Description: 'cia: the AWS logs of the organization, one table per source' } },
      },
      ...Object.fromEntries(CATALOG.map((table) => [glueTableResourceName(table), glueTable(table)])),
      [ATHENA_RESULTS_BUCKET_RESOURCE]: {
        Type: 'AWS::S3::Bucket',
        Properties: {
          BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
          PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
          OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
          LifecycleConfiguration: { Rules: [{ Id: 'expire-query-results', Status: 'Enabled', ExpirationInDays: RESULTS_EXPIRY_DAYS }] },
        },
      },
      [ATHENA_WORKGROUP_RESOURCE]: {
        Type: 'AWS::Athena::WorkGroup',
        Properties: {
          Name: sub('${AWS::StackName}'),
          Description: "cia's queries over the cia_logs tables",
          State: 'ENABLED',
          RecursiveDeleteOption: true,
          WorkGroupConfiguration: {
            // Clients cannot point results elsewhere or lift the scan limit.
            EnforceWorkGroupConfiguration: true,
            PublishCloudWatchMetricsEnabled: true,
            BytesScannedCutoffPerQuery: BYTES_SCANNED_CUTOFF,
            EngineVersion: { SelectedEngineVersion: 'Athena engine version 3' },
            ResultConfiguration: {
              OutputLocation: sub(`s3://\${${ATHENA_RESULTS_BUCKET_RESOURCE}}/results/`),
              EncryptionConfiguration: { EncryptionOption: 'SSE_S3' },
            },
          },
        },
      },
    },
  };
}

export function glueTableResourceName(table: TableDef): string {
  return `${table.name.split('_').map((word) => word[0]!.toUpperCase() + word.slice(1)).join('')}GlueTable`;
}

function glueTable(table: TableDef): Resource {
  const external = externalTable(table);
  const orgLayout = organizationLayout(table);
  const located = (render: (layout: string) => string): Intrinsic => {
    const location = (layout: string) => `s3://\${LakeBucket}/${escapeSub(render(layout)).replace('${!organization_id}', '${OrganizationId}')}`;
    const [accountLocation, organizationLocation] = [location(layoutFor(table)), orgLayout && location(orgLayout)];
    return organizationLocation && organizationLocation !== accountLocation ? { 'Fn::If': [HAS_ORGANIZATION, sub(organizationLocation), sub(accountLocation)] } : sub(accountLocation);
  };
  return {
    Type: 'AWS::Glue::Table',
    Properties: {
      CatalogId: ref('AWS::AccountId'),
      DatabaseName: ref(GLUE_DATABASE_RESOURCE),
      TableInput: {
        Name: table.name,
        Description: table.description,
        TableType: 'EXTERNAL_TABLE',
        Parameters: { EXTERNAL: 'TRUE', classification: table.format, ...external.projection, 'storage.location.template': located(locationTemplate) },
        PartitionKeys: external.partitionKeys.map((name) => ({ Name: name, Type: 'string' })),
        StorageDescriptor: {
          Columns: external.columns.map((c) => ({ Name: c.name, Type: c.type })),
          Location: located(partitionRoot),
          InputFormat: external.inputFormat,
          OutputFormat: external.outputFormat,
          SerdeInfo: { SerializationLibrary: external.serde.library, Parameters: external.serde.parameters },
        },
      },
    },
  };
}

/** Fn::Sub reads `${x}` as a reference; partition projection's own `${key}` must stay literal (`${!key}`). */
function escapeSub(text: string): string {
  return text.replace(/\$\{/g, '${!');
}
