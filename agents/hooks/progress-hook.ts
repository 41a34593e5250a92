import { AfterToolCallEvent, BeforeToolCallEvent, type LocalAgent, type Plugin } from '@strands-agents/sdk';
import type { ProgressReporter } from '../events.js';
import type { ApiToolResult } from '../tools/api-tool.js';
import type { QueryToolResult } from '../tools/query-tool.js';
import { jsonResult } from './tool-result.js';
import { dataToolTarget } from '../tools/data-tools.js';

/** Reports routing, queries, rows and guard interventions as progress events. */
export class ProgressHook implements Plugin {
  readonly name = 'cia-progress';

  constructor(private readonly progress: ProgressReporter) {}

  initAgent(agent: LocalAgent): void {
    agent.addHook(BeforeToolCallEvent, (event) => {
      const name = event.toolUse.name;
      if (name.endsWith('_specialist')) {
        const source = name.replace(/_specialist$/, '');
        this.progress.emit('status', `Routed to the ${source} specialist`, { source });
      } else if (dataToolTarget(name)) {
        const spec = event.toolUse.input as { time?: { from: string; to: string }; from?: string; to?: string; accounts?: string[]; regions?: string[] };
        const time = spec.time ?? (spec.from || spec.to ? { from: spec.from, to: spec.to } : undefined);
        this.progress.emit('status', `Query running on ${dataToolTarget(name)}`, { source: dataToolTarget(name), data: { time, accounts: spec.accounts, regions: spec.regions } });
      }
    });
    agent.addHook(AfterToolCallEvent, (event) => {
      const source = dataToolTarget(event.toolUse.name);
      if (!source) return;
      const result = jsonResult<QueryToolResult | ApiToolResult>(event.result);
      if (!result) {
        this.progress.emit('error', `The query tool failed: ${event.error?.message ?? 'no result'}`, { source });
      } else if (result.status === 'ok') {
        if ('capped' in result && result.capped) this.progress.emit('guard', `Row limit applied: at most ${result.row_count} rows returned`, { source });
        this.progress.emit('status', `${result.row_count} row${result.row_count === 1 ? '' : 's'} found`, { source, data: { rows: result.row_count, ...('sql' in result ? { sql: result.sql } : { request: result.request }) } });
      } else if (result.status === 'refused') {
        this.progress.emit('guard', `Query refused by the guard: ${result.reason}`, { source });
      } else {
        this.progress.emit('error', result.reason, { source });
      }
    });
  }
}
