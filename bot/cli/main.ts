import { runtimeCommand } from './runtime-command.js';
import { Command, CommanderError } from 'commander';
import { ConfigError } from '../../pipeline-infra/config/config-error.js';
import { askCommand } from './ask-command.js';
import { benchCommand } from './bench-command.js';
import { benchDdosCommand } from './bench-ddos-command.js';
import { benchDetectorCommand } from './bench-detector-command.js';
import { benchNabCommand } from './bench-nab-command.js';
import { benchSlackCommand } from './bench-slack-command.js';
import { infraCommand } from './infra-command.js';
import { lakeCommand, lakeImportCommand } from './lake-command.js';
import { lakeGenerateCommand } from './lake-generate-command.js';
import { sandboxCommand } from './sandbox-command.js';
import { serveCommand } from './serve-command.js';
import { sqlCommand } from './sql-command.js';

/** The `cia` command line (DESIGN §6.1). Returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const program = new Command('cia')
    .description('cia: ChatOps investigations of AWS organizations, in Slack and in the terminal')
    .addCommand(sandboxCommand())
    .addCommand(serveCommand())
    .addCommand(askCommand())
    .addCommand(runtimeCommand())
    .addCommand(sqlCommand())
    .addCommand(lakeCommand([lakeImportCommand(), lakeGenerateCommand()]))
    .addCommand(infraCommand())
    .addCommand(benchCommand([benchNabCommand(), benchDetectorCommand(), benchDdosCommand(), benchSlackCommand()]));
  throwInsteadOfExit(program);
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    if (error instanceof ConfigError) {
      console.error(error.message);
      return 2;
    }
    throw error;
  }
}

/** Usage errors anywhere in the tree come back to main as exceptions, so callers get an exit code. */
function throwInsteadOfExit(command: Command): void {
  command.exitOverride().showHelpAfterError('(run with --help for usage)');
  command.commands.forEach(throwInsteadOfExit);
}
