import { parseCiaCommand } from '../../../bot/commands/cia-command.js';

describe('parseCiaCommand', () => {
  it('reads sub-commands case-insensitively, with their arguments', () => {
    expect(parseCiaCommand('help')).toEqual({ kind: 'subcommand', name: 'help', args: [], flags: [] });
    expect(parseCiaCommand('  DELETE  abc-123 ')).toEqual({ kind: 'subcommand', name: 'delete', args: ['abc-123'], flags: [] });
    expect(parseCiaCommand('help café ☕')).toEqual({ kind: 'subcommand', name: 'help', args: ['café', '☕'], flags: [] });
  });

  it('treats anything else as a question and lifts flags from anywhere in it', () => {
    expect(parseCiaCommand('--new who stopped EC2 instances in prod last week? --clean')).toEqual({
      kind: 'question',
      question: 'who stopped EC2 instances in prod last week?',
      flags: ['--new', '--clean'],
    });
    expect(parseCiaCommand('helpful people in dev?')).toMatchObject({ kind: 'question', question: 'helpful people in dev?' });
  });

  it('asks for help on an empty command or an unknown flag, never guessing', () => {
    expect(parseCiaCommand('   ')).toEqual({ kind: 'help', reason: 'empty', flags: [] });
    expect(parseCiaCommand('--notboring')).toEqual({ kind: 'help', reason: 'empty', flags: ['--notboring'] });
    expect(parseCiaCommand('--force terminate everything')).toEqual({ kind: 'help', reason: 'unknown_flag', detail: '--force', flags: [] });
  });

  it('keeps words that merely contain dashes as part of the question', () => {
    expect(parseCiaCommand('errors in log group /aws/lambda/my-fn')).toMatchObject({ kind: 'question', question: 'errors in log group /aws/lambda/my-fn' });
  });
});
