import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadRunbooks } from '../../../../pipeline-infra/alerts/runbooks/load-runbooks.js';
import { githubAnchor, listSteps, parseRunbook, timeToActIn } from '../../../../pipeline-infra/alerts/runbooks/parse-runbook.js';

const TIME_TO_ACT = ['## Time to act', '- SEV1: 2 h — stop it', '- SEV2: 24 h — fix it', '- SEV3: 72 h — review it'].join('\n');
const runbookText = (body: string, frontMatter = 'alert_kinds: [port_scan]\nmetrics: [Errors]') => `---\n${frontMatter}\n---\n${body}`;

describe('parseRunbook', () => {
  it('reads the front matter, title, introduction and sections', () => {
    const runbook = parseRunbook(
      'sample',
      runbookText(['# Sample runbook', '', 'What this is.', '', '## When this fires', '', 'Often.', '', '## Immediate actions', '1. Do `a`.', '2. Do b.', '', TIME_TO_ACT].join('\n')),
    );
    expect(runbook).toMatchObject({ id: 'sample', title: 'Sample runbook', alertKinds: ['port_scan'], metrics: ['Errors'], intro: 'What this is.' });
    expect(runbook.sections.map((s) => [s.heading, s.anchor])).toEqual([
      ['When this fires', 'when-this-fires'],
      ['Immediate actions', 'immediate-actions'],
      ['Time to act', 'time-to-act'],
    ]);
    expect(runbook.sections[0]!.text).toBe('Often.');
    expect(runbook.sections[1]!.steps).toEqual(['Do `a`.', 'Do b.']);
    expect(timeToActIn(runbook, 'SEV2')).toEqual({ hours: 24, reason: 'fix it' });
  });

  it('accepts Windows line endings and leaves headings inside code fences alone', () => {
    const runbook = parseRunbook('crlf', runbookText(['# T', '## Confirm', '```', '## not a heading', '```', TIME_TO_ACT].join('\n')).replace(/\n/g, '\r\n'));
    expect(runbook.sections.map((s) => s.heading)).toEqual(['Confirm', 'Time to act']);
    expect(runbook.sections[0]!.text).toContain('## not a heading');
  });

  it('names the file in every error', () => {
    expect(() => parseRunbook('no-front', `# T\n${TIME_TO_ACT}`)).toThrow(/no-front\.md: no front matter/);
    expect(() => parseRunbook('no-title', runbookText(`Intro.\n${TIME_TO_ACT}`))).toThrow(/no-title\.md: no title/);
    expect(() => parseRunbook('no-time', runbookText('# T\n## Confirm\nx'))).toThrow(/no-time\.md: no "## Time to act" section/);
    expect(() => parseRunbook('short', runbookText(`# T\n${TIME_TO_ACT.replace('- SEV2: 24 h — fix it\n', '')}`))).toThrow(/short\.md: "Time to act" has no line for SEV2/);
    expect(() => parseRunbook('bad-kind', runbookText(`# T\n${TIME_TO_ACT}`, 'alert_kinds: [ddos]'))).toThrow(/bad-kind\.md: unknown alert kind "ddos"/);
    expect(() => parseRunbook('bad-yaml', runbookText(`# T\n${TIME_TO_ACT}`, 'alert_kinds: [port_scan'))).toThrow(/bad-yaml\.md: the front matter is not valid YAML/);
    expect(() => parseRunbook('bad-metrics', runbookText(`# T\n${TIME_TO_ACT}`, 'metrics: Errors'))).toThrow(/bad-metrics\.md: metrics must be a list/);
  });
});

describe('githubAnchor', () => {
  it('lowercases, drops punctuation and joins words with hyphens, as GitHub does', () => {
    expect(githubAnchor('Time to act')).toBe('time-to-act');
    expect(githubAnchor('Recover and follow up')).toBe('recover-and-follow-up');
    expect(githubAnchor('DDoS & SYN flood (L3/L4)')).toBe('ddos--syn-flood-l3l4');
    expect(githubAnchor('What `aws shield` says?')).toBe('what-aws-shield-says');
    expect(githubAnchor('See [the docs](https://example.com)')).toBe('see-the-docs');
    expect(githubAnchor('snake_case stays')).toBe('snake_case-stays');
  });

  it('numbers repeated headings the way GitHub does', () => {
    const runbook = parseRunbook('dupes', runbookText(['# T', '## Notes', 'a', '## Notes', 'b', '## Notes', 'c', TIME_TO_ACT].join('\n')));
    expect(runbook.sections.map((s) => s.anchor)).toEqual(['notes', 'notes-1', 'notes-2', 'time-to-act']);
  });
});

describe('listSteps', () => {
  it('takes numbered and bulleted items, joining wrapped and nested lines into one', () => {
    const markdown = [
      'Before the list.',
      '',
      '1. Block the sources:',
      '   - in the network ACL',
      '   - in the WAF IP set',
      '2. Tighten the security group',
      '   so only the load balancer reaches the target.',
      '3. Lazy continuation',
      'on the next line.',
      '',
      'A paragraph that is not a step.',
      '',
      '- A bullet after it',
      '  * nested one',
      '  * nested two',
      '```',
      '- not a step: inside code',
      '```',
    ].join('\n');
    expect(listSteps(markdown)).toEqual([
      'Block the sources: in the network ACL; in the WAF IP set',
      'Tighten the security group so only the load balancer reaches the target.',
      'Lazy continuation on the next line.',
      'A bullet after it; nested one; nested two',
    ]);
  });

  it('returns nothing for prose', () => {
    expect(listSteps('Just a paragraph.\n\nAnd another.')).toEqual([]);
  });
});

describe('timeToActIn', () => {
  it('reads hours and reason, also from a chunk whose newlines were flattened', () => {
    const flattened = '- SEV1: 1 h — stop the transfer now. - SEV2: 4 h — decide. - SEV3: 24 h — explain.';
    expect(timeToActIn({ text: flattened }, 'SEV1')).toEqual({ hours: 1, reason: 'stop the transfer now.' });
    expect(timeToActIn({ text: flattened }, 'SEV3')).toEqual({ hours: 24, reason: 'explain.' });
    expect(timeToActIn({ text: '- SEV2: 0.5 h - half an hour' }, 'SEV2')).toEqual({ hours: 0.5, reason: 'half an hour' });
    expect(timeToActIn({ text: 'SEV1 whenever' }, 'SEV1')).toBeNull();
  });
});

describe('loadRunbooks', () => {
  let dir: string;
  beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'runbooks-'))));
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('parses every .md of a directory in file-name order and ignores other files', async () => {
    await writeFile(join(dir, 'zeta.md'), runbookText(`# Zeta\n${TIME_TO_ACT}`));
    await writeFile(join(dir, 'alpha.md'), runbookText(`# Alpha\n${TIME_TO_ACT}`));
    await writeFile(join(dir, 'notes.txt'), 'not a runbook');
    expect((await loadRunbooks(dir)).map((r) => [r.id, r.title])).toEqual([
      ['alpha', 'Alpha'],
      ['zeta', 'Zeta'],
    ]);
  });

  it('fails on a runbook that does not parse, naming it', async () => {
    await writeFile(join(dir, 'broken.md'), '# No front matter');
    await expect(loadRunbooks(dir)).rejects.toThrow(/broken\.md/);
  });
});
