import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Template } from './cloudformation.js';
import { bundleConfigTransform } from './config-transform/bundle.js';
import { MANAGEMENT_REGION, pipelineNames, type PipelineSettings } from './pipeline-settings.js';
import { lakeRegionStack } from './stacks/lake-region-stack.js';
import { lakeStack } from './stacks/lake-stack.js';
import { managementStack } from './stacks/management-stack.js';
import { memberStack } from './stacks/member-stack.js';
import { readOnlyStack } from './stacks/read-only-stack.js';
import { vpcFlowLogsStack } from './stacks/vpc-flow-logs-stack.js';

/**
 * The data pipeline of DESIGN §3.1 as CloudFormation templates. An organization's logs are made
 * in many accounts and regions and a stack lives in one of each, so there is one template per
 * place, deployed in this order (each needs the one before):
 *
 * 1. `lake` — the lake account, its home region, once: the bucket (and its name in SSM for the
 *    Lambda stack), the cloudwatch / config / guardduty Firehose streams, the Config transform
 *    function, the event bus members forward to, and a CloudWatch Logs destination.
 * 2. `lake-region` — the lake account, every other region with member log groups: a Logs
 *    destination there (log groups subscribe only within their region), into the home stream.
 * 3. `management` — the management account, us-east-1: the organization trail and the CUR 2.0
 *    export, which the bucket policy admits by their ARNs.
 * 4. `member` — every account and region (a StackSet): Config and GuardDuty events forwarded to
 *    the lake's bus, and an account-level subscription of all log groups to the destination.
 * 5. `vpc-flow-logs` — once per VPC: flow logs as Parquet with Hive-compatible partitions.
 * 6. `read-only` — every account, once: the `cia-read-only` role the agents assume for the read
 *    APIs (GuardDuty, Health, …), trusted by the agent runtime's role only.
 *
 * Deliveries land exactly where the catalog's layouts say (the prefixes are derived from them).
 */
export interface StackTemplate {
  /** The stack name, also the file name (`<name>.json`). */
  name: string;
  deployTo: string;
  template: Template;
}

export function synthesizePipeline(settings: PipelineSettings): StackTemplate[] {
  const { prefix } = pipelineNames(settings.stage);
  return [
    { name: `${prefix}-lake`, deployTo: "the lake account, in the lake's home region (once)", template: lakeStack(settings) },
    { name: `${prefix}-lake-region`, deployTo: 'the lake account, in every other region with member log groups', template: lakeRegionStack(settings) },
    { name: `${prefix}-management`, deployTo: `the management account, in ${MANAGEMENT_REGION}`, template: managementStack(settings) },
    { name: `${prefix}-member`, deployTo: 'every account and region (a StackSet; the management account as a plain stack)', template: memberStack(settings) },
    { name: `${prefix}-vpc-flow-logs`, deployTo: 'each VPC whose flows the lake keeps (one stack per VPC)', template: vpcFlowLogsStack(settings) },
    { name: `${prefix}-read-only`, deployTo: 'every account, once (a StackSet in one region): the role the agents read the APIs through', template: readOnlyStack(settings) },
  ];
}

export interface WrittenPipeline {
  templates: { path: string; deployTo: string }[];
  /** The config-transform function's bundle, to zip and upload for the lake stack. */
  transform: { path: string; bytes: number };
}

/** Writes the templates as JSON and the transform function's bundle under `outDir`. */
export async function writePipeline(settings: PipelineSettings, outDir: string): Promise<WrittenPipeline> {
  await mkdir(outDir, { recursive: true });
  const templates: WrittenPipeline['templates'] = [];
  for (const stack of synthesizePipeline(settings)) {
    const path = join(outDir, `${stack.name}.json`);
    await writeFile(path, `${JSON.stringify(stack.template, null, 2)}\n`);
    templates.push({ path, deployTo: stack.deployTo });
  }
  const transform = await bundleConfigTransform(join(outDir, 'config-transform', 'index.mjs'));
  return { templates, transform };
}
