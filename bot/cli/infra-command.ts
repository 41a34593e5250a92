import { join } from 'node:path';
import { Command } from 'commander';
import { parseOrThrow } from '../../pipeline-infra/config/config-error.js';
import { pipelineNames, pipelineSettingsSchema, type PipelineSettings } from '../../pipeline-infra/infra/pipeline-settings.js';
import { writePipeline, type WrittenPipeline } from '../../pipeline-infra/infra/synth.js';

/** `cia infra …`: the data pipeline as infrastructure code (DESIGN §3.1, §6.1). */
export function infraCommand(): Command {
  return new Command('infra').description('the data pipeline as CloudFormation templates').addCommand(infraSynthCommand());
}

/** `cia infra synth --out DIR [--stage prod] [--org-id o-…] [--source-accounts 111…,222…]`. */
function infraSynthCommand(): Command {
  return new Command('synth')
    .description("write the data pipeline's CloudFormation templates as JSON, and the Config transform function's bundle, into a folder")
    .requiredOption('--out <dir>', 'the folder to write (created if needed)')
    .option('--stage <name>', 'the stage: part of every resource name, and of the SSM name /cia/<stage>/lake-bucket', 'prod')
    .option('--org-id <id>', 'the AWS Organizations id (o-…) as the templates\' default; without it, it is given at deploy time')
    .option('--source-accounts <ids>', 'comma-separated account ids: only these may deliver into the lake (default: every account of the organization)')
    .action(async (options: { out: string; stage: string; orgId?: string; sourceAccounts?: string }) => {
      const { out, ...given } = options;
      const settings = parseOrThrow(pipelineSettingsSchema, given, 'the command line', (path) => `--${String(path[0]).replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`);
      console.log(formatWritten(await writePipeline(settings, out), settings, out));
    });
}

function formatWritten(written: WrittenPipeline, settings: PipelineSettings, out: string): string {
  const { prefix } = pipelineNames(settings.stage);
  const width = Math.max(...written.templates.map((t) => t.path.length));
  return [
    `wrote ${written.templates.length} CloudFormation templates (deploy in this order):`,
    ...written.templates.map((t) => `  ${t.path.padEnd(width)}  ${t.deployTo}`),
    `wrote ${written.transform.path} (${Math.ceil(written.transform.bytes / 1024)} KiB), the Config transform function: zip it, upload it, and give its S3 bucket and key to ${prefix}-lake:`,
    `  (cd ${join(out, 'config-transform')} && zip -q ../config-transform.zip index.mjs) && aws s3 cp ${join(out, 'config-transform.zip')} s3://<artifacts bucket>/${prefix}/config-transform-<version>.zip`,
    `  aws cloudformation deploy --stack-name ${prefix}-lake --template-file ${written.templates[0]!.path} --capabilities CAPABILITY_NAMED_IAM \\`,
    `    --parameter-overrides ManagementAccountId=<12 digits> ConfigTransformCodeBucket=<artifacts bucket> ConfigTransformCodeKey=${prefix}/config-transform-<version>.zip${settings.orgId ? '' : ' OrganizationId=<o-…>'}`,
  ].join('\n');
}
