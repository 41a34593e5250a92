import { mkdir } from 'node:fs/promises';
import { Command, InvalidArgumentError } from 'commander';
import { API_SOURCE_NAMES, importName, serviceForImportName, type ApiSourceName } from '../../pipeline-infra/api-sources/api-source.js';
import { CATALOG } from '../../pipeline-infra/catalog/index.js';
import { importApiSnapshots, type ApiImportReport } from '../../pipeline-infra/lake/importers/api-snapshots.js';
import { importFiles, resolveLakeTable, type ImportReport } from '../../pipeline-infra/lake/importers/index.js';
import { LakeWriter, type LakeTable } from '../../pipeline-infra/lake/lake-writer.js';

/** `cia lake …`: one command holding the lake's sub-commands (`import`, and `generate` from its own factory). */
export function lakeCommand(subcommands: Command[]): Command {
  const lake = new Command('lake').description('build the local data lake: generate a synthetic one, or import real AWS files');
  for (const subcommand of subcommands) lake.addCommand(subcommand);
  return lake;
}

const TABLE_NAMES = CATALOG.map((t) => `${t.source} (${t.name})`).join(', ');
const API_NAMES = API_SOURCE_NAMES.map(importName).join(', ');

/** `cia lake import <table> <paths…> --lake DIR [--region R] [--json]` (DESIGN §6.1). */
export function lakeImportCommand(): Command {
  return new Command('import')
    .description('import real AWS files (or folders of them), plain or .gz, into the lake\'s layout; broken lines, records and files are counted and skipped')
    .argument('<table>', `one of ${TABLE_NAMES}; or a read API's JSON output for its snapshot: ${API_NAMES}`, parseTable)
    .argument('<paths...>', 'files or folders to import')
    .requiredOption('--lake <dir>', 'the lake folder (created if needed)')
    .option('--region <region>', 'the AWS region of flow-log records (and of API responses), which carry none', parseRegion)
    .option('--account <id>', 'the account of API responses that name none (Health\'s DescribeEvents)', parseAccount)
    .option('--json', 'print the report as one JSON object')
    .action(async (table: LakeTable | ApiSourceName, paths: string[], options: { lake: string; region?: string; account?: string; json?: boolean }) => {
      await mkdir(options.lake, { recursive: true });
      if (isApiSource(table)) {
        const report = await importApiSnapshots(table, paths, options.lake, options);
        console.log(options.json ? JSON.stringify({ snapshot: importName(table), lake: options.lake, ...report }) : formatApiImportReport(table, report));
        return;
      }
      const writer = new LakeWriter(options.lake, { flowlogRegion: options.region });
      let report: ImportReport;
      try {
        report = await importFiles(table, paths, writer);
      } finally {
        await writer.close();
      }
      console.log(options.json ? JSON.stringify(importReportJson(table, options.lake, report)) : formatImportReport(table, options.lake, report));
    });
}

function parseTable(name: string): LakeTable | ApiSourceName {
  const table = resolveLakeTable(name) ?? serviceForImportName(name);
  if (!table) throw new InvalidArgumentError(`unknown table "${name}"; expected one of ${TABLE_NAMES}, or one of ${API_NAMES}`);
  return table;
}

function isApiSource(name: string): name is ApiSourceName {
  // Lake tables come back by their table names (guardduty_findings), never an API's name.
  return (API_SOURCE_NAMES as readonly string[]).includes(name);
}

function parseAccount(account: string): string {
  if (!/^\d{12}$/.test(account)) throw new InvalidArgumentError(`"${account}" is not a 12-digit account id`);
  return account;
}

function formatApiImportReport(service: ApiSourceName, report: ApiImportReport): string {
  const lines = [`${importName(service)}: imported ${report.items} items from ${report.files - report.problems.length} of ${report.files} files`, ...report.written.map((path) => `  wrote ${path}`)];
  for (const problem of report.problems) lines.push(`  ${problem.file}: ${problem.reason}`);
  return lines.join('\n');
}

function parseRegion(region: string): string {
  if (!/^[a-z0-9-]+$/.test(region)) throw new InvalidArgumentError(`"${region}" is not a region name (like eu-central-1)`);
  return region;
}

/** The report as `cia … --json` prints objects: snake_case keys. */
function importReportJson(table: LakeTable, lake: string, report: ImportReport) {
  return {
    table,
    lake,
    files: report.files,
    rows_imported: report.rowsImported,
    rows_skipped: report.rowsSkipped,
    files_failed: report.filesFailed,
    files_written: report.written.files,
    partitions_written: report.written.partitions,
    problems: report.problems,
  };
}

function formatImportReport(table: LakeTable, lake: string, report: ImportReport): string {
  const count = (n: number, noun: string) => `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;
  const lines = [
    `${table}: imported ${count(report.rowsImported, 'row')} from ${count(report.files, 'file')}; ` +
      `skipped ${count(report.rowsSkipped, 'row')}; ${count(report.filesFailed, 'file')} failed`,
    `wrote ${count(report.written.files, 'file')} in ${count(report.written.partitions, 'partition')} under ${lake}`,
  ];
  for (const problem of report.problems) lines.push(`  ${problem.file}${problem.line ? `:${problem.line}` : ''}: ${problem.reason}`);
  const unlisted = report.rowsSkipped + report.filesFailed - report.problems.length;
  if (unlisted > 0) lines.push(`  … and more (only the first ${report.problems.length} problems are listed)`);
  return lines.join('\n');
}
