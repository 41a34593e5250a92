import { CATALOG, tableByName } from '../../../pipeline-infra/catalog/index.js';
import { schemaText } from '../../../pipeline-infra/catalog/schema-text.js';

describe('schema text for models', () => {
  it('lists columns with types and descriptions, partition keys, the time column and notes', () => {
    const text = schemaText(tableByName('cloudtrail_logs')!);
    expect(text).toContain('Table cia_logs.cloudtrail_logs: AWS API calls recorded by CloudTrail');
    expect(text).toContain("Partition keys (strings; queries must constrain every one): account_id (account id, e.g. '123456789012'), region (AWS region, e.g. 'us-east-1'), year (e.g. '2023')");
    expect(text).toContain("Time column: eventtime (ISO-8601 UTC text such as '2023-07-10T12:34:56Z').");
    expect(text).toContain('    useridentity.username string: IAM user name (IAMUser and Root callers)');
    expect(text).toContain('      useridentity.sessioncontext.sessionissuer.username string');
    expect(text).toContain('  requestparameters json (paths below it: requestparameters.<key>) [verbose]: the request as JSON');
    expect(text).toContain('- errorcode IS NULL means the call succeeded');
  });

  it('describes the unnested CloudWatch log events and every table', () => {
    expect(schemaText(tableByName('cloudwatch_logs')!)).toContain('  log_event.message string');
    for (const table of CATALOG) expect(schemaText(table).split('\n').length).toBeGreaterThan(table.columns.length);
  });
});
