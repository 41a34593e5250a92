import type { AnyMiddlewareArgs, App, Middleware } from '@slack/bolt';
import type { BotDependencies } from '../../dependencies.js';

export const NOT_ENABLED = 'cia is not enabled in this workspace.';

/**
 * Runs nothing for a workspace (team or Enterprise Grid org) outside the configuration's
 * `workspaces`: the request is acknowledged, so Slack does not retry it, and a command is told why.
 */
export function workspaceAllowlist(workspaces: readonly string[]): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    const body = args.body as { team_id?: string; team?: { id?: string }; enterprise_id?: string };
    const ids = [args.context.teamId, args.context.enterpriseId, body.team_id, body.team?.id, body.enterprise_id].filter((id): id is string => Boolean(id));
    if (ids.some((id) => workspaces.includes(id))) {
      await args.next();
      return;
    }
    if ('command' in args) await args.ack({ response_type: 'ephemeral', text: NOT_ENABLED });
    else if ('ack' in args && typeof args.ack === 'function') await (args.ack as () => Promise<void>)();
  };
}

export function register(app: App, deps: Pick<BotDependencies, 'workspaces'>): void {
  if (deps.workspaces) app.use(workspaceAllowlist(deps.workspaces));
}
