import { Command, CommanderError } from 'commander';
import { ConfigError } from '../../pipeline-infra/config/config-error.js';
import { sandboxCommand } from './sandbox-command.js';
import { serveCommand } from './serve-command.js';

/** The `cia` command line (DESIGN §6.1). Returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const program = new Command('cia')
    .description('cia: ChatOps investigations of AWS organizations, in Slack and in the terminal')
    .showHelpAfterError('(run cia --help for usage)')
    .exitOverride();
  program.addCommand(sandboxCommand());
  program.addCommand(serveCommand());
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
