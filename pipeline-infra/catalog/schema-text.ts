import { athenaType } from './sql-types.js';
import { LAKE_DATABASE, type ColumnDef, type PartitionRole, type TableDef, type TimeEncoding } from './types.js';

/** Domain facts a model needs to read a table right (DESIGN §3.1). */
const TABLE_NOTES: Record<string, string[]> = {
  cloudtrail_logs: [
    'errorcode IS NULL means the call succeeded; a failed ConsoleLogin has errormessage \'Failed authentication\' (and responseelements.ConsoleLogin = \'Failure\')',
    'global services (IAM, STS, Organizations, CloudFront, Route 53) log in us-east-1; console sign-ins land in us-east-1 and the sign-in regions',
    'a duplicate delivery repeats eventid, eventtime and eventname; eventid alone is not unique across test fixtures',
    'useridentity.username is set for IAM users and root; for roles use useridentity.sessioncontext.sessionissuer.username or useridentity.arn',
  ],
  cloudwatch_logs: ['each row is a log group delivery; CROSS JOIN UNNEST(logevents) AS t(log_event) gives one row per log event (log_event.timestamp, log_event.message)'],
  config_logs: ['one row per recorded configuration change; the latest state of a resource is its row with the greatest configurationitemcapturetime'],
  cur_data: ['costs are per line item: sum line_item_unblended_cost and group by what the question asks (service, account, region, day)'],
  flowlogs: ['action is ACCEPT or REJECT; start and end are epoch seconds; one row per flow record of a network interface'],
  guardduty_findings: ['one row per finding update: a finding (detail.id) recurs as it is seen again, with a newer detail.updatedat'],
};

const ROLE_TEXT: Record<PartitionRole, string> = {
  account: "account id, e.g. '123456789012'",
  region: "AWS region, e.g. 'us-east-1'",
  year: "e.g. '2023'",
  month: "two digits, e.g. '07'",
  day: "two digits, e.g. '10'",
  billing_period: "YYYY-MM, e.g. '2023-07'",
  log_group: "the log group name with every character other than letters, digits, '.', '_' and '-' replaced by '_', e.g. 'aws_lambda_checkout'",
};

const ENCODING_TEXT: Record<TimeEncoding, string> = {
  iso_string: "ISO-8601 UTC text such as '2023-07-10T12:34:56Z'",
  epoch_seconds: 'epoch seconds',
  epoch_millis: 'epoch milliseconds',
  timestamp: 'timestamp (UTC)',
};

/** A compact description of a table for a model's prompt: columns, partition keys, time column and notes. */
export function schemaText(table: TableDef): string {
  const lines = [
    `Table ${LAKE_DATABASE}.${table.name}: ${table.description}.`,
    `Partition keys (strings; queries must constrain every one): ${table.partitionKeys.map((k) => `${k.name} (${ROLE_TEXT[k.role]})`).join(', ')}.`,
    `Time column: ${table.time.column} (${ENCODING_TEXT[table.time.encoding]}).`,
    'Columns:',
    ...columnLines(table.columns, ''),
  ];
  if (table.unnest) {
    const array = table.columns.find((c) => c.name === table.unnest!.column);
    const element = array && typeof array.type === 'object' && 'array' in array.type ? array.type.array : undefined;
    if (element && typeof element === 'object' && 'struct' in element) lines.push(...columnLines(element.struct, `${table.unnest.alias}.`));
  }
  const notes = [
    'columns marked verbose are large: selecting them caps LIMIT at 5 (otherwise 20); prefer paths inside them, e.g. requestparameters.bucketName',
    ...(TABLE_NOTES[table.name] ?? []),
  ];
  lines.push('Notes:', ...notes.map((note) => `- ${note}`));
  return lines.join('\n');
}

function columnLines(columns: ColumnDef[], prefix: string, depth = 1): string[] {
  return columns.flatMap((column) => {
    const path = `${prefix}${column.name}`;
    const struct = typeof column.type === 'object' && 'struct' in column.type ? column.type.struct : undefined;
    const type = struct ? 'struct' : column.type === 'json' ? `json (paths below it: ${path}.<key>)` : athenaType(column.type);
    const line = `${'  '.repeat(depth)}${path} ${type}${column.verbose ? ' [verbose]' : ''}${column.description ? `: ${column.description}` : ''}`;
    return [line, ...(struct ? columnLines(struct, `${path}.`, depth + 1) : [])];
  });
}
