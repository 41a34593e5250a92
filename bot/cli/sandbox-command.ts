import { Command } from 'commander';

/** `cia sandbox` (what `npm start` runs): the local Slack sandbox on embedded defaults. */
export function sandboxCommand(): Command {
  return new Command('sandbox')
    .description('start the local Slack sandbox with the bot on embedded defaults (CIA_SANDBOX_PORT, CIA_BOT_PORT, CIA_DATA_DIR)')
    .action(async () => {
      const started = performance.now();
      // Loaded on use, so other commands start without the sandbox's dependencies.
      const { startSandbox } = await import('../sandbox/start-sandbox.js');
      const sandbox = await startSandbox(process.env, (line) => console.log(line));
      console.log(`cia sandbox ready in ${Math.round(performance.now() - started)} ms`);
      console.log(`  open      ${sandbox.sandboxUrl}`);
      console.log(`  bot       ${sandbox.botUrl} (signed Slack requests)`);
      console.log(`  channels  ${sandbox.workspace.channels.map((c) => `#${c.name}`).join(', ')}`);
      console.log('Press Ctrl+C to stop.');
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await sandbox.close();
    });
}
