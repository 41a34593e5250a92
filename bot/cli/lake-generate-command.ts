import { Command, InvalidArgumentError } from 'commander';
import { parseAwsTime } from '../../pipeline-infra/lake/aws-time.js';
import { DEFAULT_DAYS, DEFAULT_EVENTS_PER_DAY, DEFAULT_SEED, LakeNotEmptyError, MIN_DAYS, generateLake, type GenerateReport } from '../../pipeline-infra/lake/generator/generate-lake.js';
import { wholeNumber } from './number-option.js';

interface GenerateOptions {
  lake: string;
  seed: number;
  days: number;
  now?: Date;
  events?: number;
  force?: boolean;
  json?: boolean;
}

/** `cia lake generate --lake DIR [--seed N] [--days N] [--now ISO] [--events N]` (DESIGN §6.1). */
export function lakeGenerateCommand(): Command {
  const command = new Command('generate')
    .description('write a synthetic lake for all six tables: three accounts (main, dev, prod), days of normal activity and scripted incidents (listed in incidents.json)')
    .requiredOption('--lake <dir>', 'the lake folder (created if needed)')
    .option('--seed <n>', 'the same seed gives the same lake', wholeNumber('--seed'), DEFAULT_SEED)
    .option('--days <n>', `days of activity before --now (at least ${MIN_DAYS}: the incidents fall on the last two full days)`, dayCount, DEFAULT_DAYS)
    .option('--now <iso>', 'the end of the window, ISO-8601 (default: the current time)', instant)
    .option('--events <n>', `about how many CloudTrail events (default: ${DEFAULT_EVENTS_PER_DAY.toLocaleString('en-US')} a day)`, wholeNumber('--events'))
    .option('--force', 'replace the tables of a lake generated before in the same folder')
    .option('--json', 'print the report as one JSON object')
    // Errors become CommanderErrors, which `cia`'s main turns into an exit code.
    .exitOverride()
    .action(async (options: GenerateOptions) => {
      let report: GenerateReport;
      try {
        report = await generateLake({
          lakeDir: options.lake,
          seed: options.seed,
          days: options.days,
          now: options.now,
          cloudtrailEvents: options.events,
          replace: options.force,
          onProgress: options.json ? undefined : (message) => console.error(`  … ${message}`),
        });
      } catch (error) {
        if (error instanceof LakeNotEmptyError || error instanceof RangeError) command.error(`error: ${error.message}`, { exitCode: 2, code: 'cia.lake.generate' });
        throw error;
      }
      console.log(options.json ? JSON.stringify(reportJson(report)) : formatReport(report));
    });
  return command;
}

function dayCount(value: string): number {
  const days = wholeNumber('--days')(value);
  if (days < MIN_DAYS || days > 366) throw new InvalidArgumentError(`--days takes ${MIN_DAYS} to 366 (the incidents fall on the last two full days before --now)`);
  return days;
}

function instant(value: string): Date {
  const date = parseAwsTime(value);
  if (!date) throw new InvalidArgumentError('--now takes an ISO-8601 time such as 2024-05-15T12:00:00Z');
  return date;
}

/** The report as `cia … --json` prints objects: snake_case keys. */
export function reportJson(report: GenerateReport) {
  return {
    lake: report.lakeDir,
    seed: report.seed,
    days: report.days,
    from: report.from,
    to: report.to,
    tables: report.tables,
    incidents: report.incidents,
    config_file: report.configFile,
    incidents_file: report.incidentsFile,
    seconds: Math.round(report.seconds * 100) / 100,
    cloudtrail_events_per_second: report.cloudtrailEventsPerSecond,
  };
}

export function formatReport(report: GenerateReport): string {
  const number = (n: number) => n.toLocaleString('en-US');
  const lines = [`generated a lake in ${report.lakeDir}: ${report.days} days (${report.from} to ${report.to}), seed ${report.seed}, in ${report.seconds.toFixed(1)} s`];
  for (const [table, totals] of Object.entries(report.tables)) lines.push(`  ${table.padEnd(20)} ${number(totals.rows).padStart(12)} rows ${number(totals.files).padStart(7)} files`);
  lines.push(`  CloudTrail: ${number(report.cloudtrailEventsPerSecond)} events/s generated and written`);
  lines.push(`incidents (${report.incidentsFile}):`);
  for (const incident of report.incidents) lines.push(`  ${incident.start}  ${incident.account_alias.padEnd(4)} ${incident.kind.padEnd(22)} ${incident.summary}`);
  lines.push(`accounts and channels: ${report.configFile}`);
  return lines.join('\n');
}
