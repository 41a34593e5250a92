import { BeforeToolCallEvent, type LocalAgent, type Plugin } from '@strands-agents/sdk';
import { tableByName } from '../../pipeline-infra/catalog/index.js';
import { rowCap } from '../../pipeline-infra/query/guard/limits.js';
import { resolveColumn } from '../../pipeline-infra/query/query-spec.js';
import { dataToolTarget } from '../tools/data-tools.js';

interface SpecShape {
  table?: string;
  select?: { column: string }[];
  limit?: number;
}

/**
 * Caps a query's LIMIT before it runs (20 rows; 5 when verbose columns such as request
 * parameters are selected) and refuses to re-run a capped query just to get more rows.
 */
export class LimitRewriteHook implements Plugin {
  readonly name = 'cia-limit-rewrite';
  private readonly capped = new Set<string>();

  initAgent(agent: LocalAgent): void {
    agent.addHook(BeforeToolCallEvent, (event) => {
      if (!dataToolTarget(event.toolUse.name)) return;
      const spec = event.toolUse.input as SpecShape;
      const cap = capFor(spec);
      const signature = JSON.stringify({ ...spec, limit: undefined });
      if (this.capped.has(signature)) {
        event.cancel = `This query was already capped at ${cap} rows and is not run again for more. Narrow the time range or add a filter instead.`;
        return;
      }
      if ((spec.limit ?? cap) > cap) {
        this.capped.add(signature);
        event.toolUse = { ...event.toolUse, input: { ...spec, limit: cap } };
      }
    });
  }
}

export function capFor(spec: SpecShape): number {
  const table = spec.table ? tableByName(spec.table) : undefined;
  const verbose = table !== undefined && (spec.select ?? []).some((s) => resolveColumn(table, s.column)?.verbose);
  return rowCap(verbose);
}
