import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { runtimeCommand } from '../../../bot/cli/runtime-command.js';

/**
 * The AgentCore image (no Docker here to build it): its lines against the runtime contract (DESIGN
 * §6.1: ARM64, port 8080, `cia runtime`) and against the files it is built from.
 */

const root = new URL('../../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');

/** Instructions, continuation lines joined, comments dropped. */
function instructions(dockerfile: string): Array<{ op: string; args: string }> {
  return dockerfile
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const [op, ...rest] = line.split(/\s+/);
      return { op: op!.toUpperCase(), args: rest.join(' ') };
    });
}

const all = instructions(read('Dockerfile'));
const finalStage = all.slice(all.map((i) => i.op).lastIndexOf('FROM'));
const one = (op: string) => {
  const found = finalStage.filter((i) => i.op === op);
  expect(found).toHaveLength(1);
  return found[0]!.args;
};

describe('the AgentCore Runtime image', () => {
  it('is ARM64 on Node 22', () => {
    expect(finalStage[0]!.args).toMatch(/^--platform=linux\/arm64 node:22[-.\w]*$/);
  });

  it('serves `cia runtime` on the port it exposes, 8080, with options the command accepts', () => {
    const cmd = JSON.parse(one('CMD')) as string[];
    expect(cmd.slice(0, 3)).toEqual(['node', 'bin/cia.js', 'runtime']);
    const command = runtimeCommand().exitOverride();
    expect(command.parseOptions(cmd.slice(3)).unknown).toEqual([]);
    expect(command.opts().port).toBe(8080);
    expect(one('EXPOSE')).toBe('8080');
  });

  it('runs as a user other than root, set before the command', () => {
    const user = one('USER');
    expect(user).not.toMatch(/^(root|0)(:|$)/);
    expect(finalStage.findIndex((i) => i.op === 'USER')).toBeLessThan(finalStage.findIndex((i) => i.op === 'CMD'));
  });

  it('puts the bundle where bin/cia.js loads it', () => {
    const parts = /const bundle = join\(root, ([^)]*)\)/.exec(read('bin/cia.js'))![1]!.match(/'[^']+'/g)!.map((part) => part.slice(1, -1));
    const bundle = parts.join('/');
    expect(finalStage.filter((i) => i.op === 'COPY').map((i) => i.args)).toContain(`--from=build /app/${bundle} ${bundle}`);
  });

  it('is built from a context of the sources and the lockfile only: nothing local, no dependencies, no secrets', () => {
    const ignore = read('.dockerignore').split('\n').map((line) => line.trim()).filter((line) => line && !line.startsWith('#'));
    expect(ignore[0]).toBe('*');
    const allowed = ignore.filter((line) => line.startsWith('!')).map((line) => line.slice(1));
    for (const path of allowed) expect(path).not.toMatch(/^(\.data|node_modules|\.env|\.git)\b/);
    const copied = all.filter((i) => i.op === 'COPY' && !i.args.startsWith('--from')).flatMap((i) => i.args.split(/\s+/).slice(0, -1));
    for (const source of copied) expect(allowed.some((path) => path === source || path.startsWith(source))).toBe(true);
  });
});
