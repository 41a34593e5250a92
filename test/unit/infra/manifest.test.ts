import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { parse } from 'yaml';

/**
 * The Slack app manifests, checked against @slack/web-api's own `Manifest` type by the TypeScript
 * compiler: the YAML becomes an object literal assigned to that type, so a misspelt or misplaced
 * key (excess property) or a wrong value type fails here.
 */
function typeErrors(manifest: unknown): string[] {
  const path = join(process.cwd(), 'test', 'manifest-check.virtual.ts');
  const source = `import type { AppsManifestCreateArguments } from '@slack/web-api';\nexport const manifest: AppsManifestCreateArguments['manifest'] = ${JSON.stringify(manifest, null, 2)};\n`;
  const options: ts.CompilerOptions = { strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, skipLibCheck: true, types: [] };
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.getSourceFile = (name, language, ...rest) => (name === path ? ts.createSourceFile(name, source, language) : getSourceFile.call(host, name, language, ...rest));
  host.fileExists = (name) => name === path || fileExists.call(host, name);
  host.readFile = (name) => (name === path ? source : readFile.call(host, name));
  const program = ts.createProgram([path], options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

const load = (file: string) => parse(readFileSync(file, 'utf8')) as Record<string, any>;

describe('the Slack app manifests', () => {
  it.each(['manifest.yml', 'manifest.socket-mode.yml'])('%s is a valid Manifest for @slack/web-api', (file) => {
    expect(typeErrors(load(file))).toEqual([]);
  }, 60_000);

  it('the check itself catches a misspelt key and a wrong value type', () => {
    const manifest = load('manifest.yml');
    expect(typeErrors({ ...manifest, features: { ...manifest.features, slash_comands: [] } }).join('\n')).toMatch(/slash_comands/);
    expect(typeErrors({ ...manifest, settings: { ...manifest.settings, socket_mode_enabled: 'yes' } }).join('\n')).toMatch(/boolean/);
  }, 60_000);

  it('declares what the bot listens to and calls: /cia, mentions, thread replies, App Home, buttons, and the scopes behind its Web API calls', () => {
    const manifest = load('manifest.yml');
    expect(manifest.features.slash_commands.map((c: { command: string }) => c.command)).toEqual(['/cia']);
    expect(manifest.settings.event_subscriptions.bot_events).toEqual(expect.arrayContaining(['app_mention', 'app_home_opened', 'message.channels', 'message.im']));
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.oauth_config.scopes.bot).toEqual(expect.arrayContaining(['commands', 'chat:write', 'app_mentions:read', 'channels:history', 'users:read', 'channels:read', 'chat:write.public']));
    const socket = load('manifest.socket-mode.yml');
    expect(socket.settings.socket_mode_enabled).toBe(true);
    expect(JSON.stringify(socket)).not.toContain('YOUR_SLACK_EVENTS_URL');
    expect({ ...socket, settings: {}, features: {} }).toEqual({ ...manifest, settings: {}, features: {} });
  });
});
