import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  accept,
  foreign,
  parseCsv,
  parseJsonValues,
  readInputText,
  readJsonRecords,
  skip,
  unwrapRecords,
} from '../../../../pipeline-infra/lake/importers/read-input.js';
import { withTempDir } from '../../../support/lake-files.js';

const values = (text: string) => parseJsonValues(text).values.map((v) => v.value);

describe('parseJsonValues', () => {
  it('reads one document, object or array', () => {
    expect(values('{"Records":[{"a":1}]}')).toEqual([{ Records: [{ a: 1 }] }]);
    expect(values('[\n  {"a": 1},\n  {"a": 2}\n]')).toEqual([[{ a: 1 }, { a: 2 }]]);
  });

  it('reads NDJSON and Firehose\'s concatenated objects, with the line each starts on', () => {
    expect(parseJsonValues('{"a":1}\n\n{"a":2}\n').values).toEqual([{ value: { a: 1 }, line: 1 }, { value: { a: 2 }, line: 3 }]);
    expect(values('{"a":"}{"}{"a":2}{"a":{"b":[3]}}')).toEqual([{ a: '}{' }, { a: 2 }, { a: { b: [3] } }]);
    expect(parseJsonValues('{\n "a": 1\n}{\n "a": 2\n}').values).toEqual([{ value: { a: 1 }, line: 1 }, { value: { a: 2 }, line: 3 }]);
  });

  it('skips the bad lines of NDJSON, naming them, and keeps the rest', () => {
    const parsed = parseJsonValues('{"a":1}\n{"a":2\n{"a":3}{"a":4}\n"just a string"\n{"a":5}');
    expect(parsed.values.map((v) => v.value)).toEqual([{ a: 1 }, { a: 3 }, { a: 4 }, { a: 5 }]);
    expect(parsed.badLines).toEqual([
      { line: 2, reason: expect.stringMatching(/^not valid JSON/) },
      { line: 4, reason: 'not a JSON object' },
    ]);
    expect(parsed.failure).toBeUndefined();
  });

  it('calls a text that is mostly not JSON a broken document, with the line of the error', () => {
    const broken = parseJsonValues('{\n  "a": 1,\n  "b": [1, 2\n  "c": 3\n}');
    expect(broken.values).toEqual([]);
    expect(broken.badLines).toEqual([]);
    expect(broken.failure).toMatch(/^not valid JSON: .*\(line 4\)$/);
    expect(parseJsonValues('version account-id interface-id').failure).toMatch(/^not valid JSON/);
  });
});

describe('unwrapRecords', () => {
  it('opens arrays and the wrapper objects it is told about, at any depth, and numbers the records', () => {
    const records = unwrapRecords(
      [{ value: { Records: [{ n: 1 }, { n: 2 }] } }, { value: [{ n: 3 }, { Records: [{ n: 4 }] }], line: 7 }, { value: { findings: [] }, line: 8 }],
      ['Records', 'findings'],
    );
    expect(records).toEqual([
      { value: { n: 1 }, line: undefined, index: 1 },
      { value: { n: 2 }, line: undefined, index: 2 },
      { value: { n: 3 }, line: 7, index: 3 },
      { value: { n: 4 }, line: 7, index: 4 },
    ]);
    expect(unwrapRecords([{ value: { Records: [{ n: 1 }] } }], [])).toEqual([{ value: { Records: [{ n: 1 }] }, line: undefined, index: 1 }]);
  });
});

describe('parseCsv', () => {
  it('reads quoted fields with commas, doubled quotes and newlines, and CRLF line ends', () => {
    expect(parseCsv('a,b,c\r\n1,"x, ""y""",3\r\n\r\n4,"two\nlines",\n')).toEqual([
      { fields: ['a', 'b', 'c'], line: 1 },
      { fields: ['1', 'x, "y"', '3'], line: 2 },
      { fields: ['4', 'two\nlines', ''], line: 4 },
    ]);
  });
});

describe('reading files', () => {
  it('gunzips by content, whatever the name, including several gzip members back to back', async () => {
    await withTempDir('cia-read-input-', async (dir) => {
      const path = join(dir, 'firehose-output');
      await writeFile(path, Buffer.concat([gzipSync('{"a":1}'), gzipSync('{"a":2}')]));
      expect(await readInputText(path)).toEqual({ text: '{"a":1}{"a":2}', failure: undefined });
    });
  });

  it('keeps what a truncated gzip held before the cut, and says the file is damaged', async () => {
    await withTempDir('cia-read-input-', async (dir) => {
      const lines = Array.from({ length: 2000 }, (_, i) => JSON.stringify({ n: i, padding: `row ${i} ${'x'.repeat(i % 50)}` })).join('\n');
      const gz = gzipSync(lines);
      const path = join(dir, 'cut.json.gz');
      await writeFile(path, gz.subarray(0, Math.floor(gz.length / 2)));
      const { text, failure } = await readInputText(path);
      expect(failure).toMatch(/^damaged gzip/);
      expect(text.length).toBeGreaterThan(1000);
      expect(lines.startsWith(text)).toBe(true);
    });
  });

  it('reports an empty or missing file as a failure', async () => {
    await withTempDir('cia-read-input-', async (dir) => {
      await writeFile(join(dir, 'empty.json'), '\n  \n');
      expect(await readInputText(join(dir, 'empty.json'))).toEqual({ text: '', failure: 'empty file' });
      expect((await readInputText(join(dir, 'missing.json'))).failure).toMatch(/^cannot read: ENOENT/);
    });
  });

  it('turns records into rows, naming records by line or position, and fails a file none of whose records belongs', async () => {
    await withTempDir('cia-read-input-', async (dir) => {
      const normalize = (record: unknown) => {
        const r = record as { kind?: string };
        return r.kind === 'good' ? accept(r) : r.kind === 'bad' ? skip('bad record') : foreign('other kind');
      };
      await writeFile(join(dir, 'doc.json'), JSON.stringify({ Records: [{ kind: 'good' }, { kind: 'bad' }] }));
      await writeFile(join(dir, 'lines.ndjson'), '{"kind":"bad"}\n{"kind":"good"}\n{"kind":"other"}\n');
      await writeFile(join(dir, 'sidecar.ndjson'), '{"label":true}\n{"label":false}\n');
      expect(await readJsonRecords(join(dir, 'doc.json'), ['Records'], normalize)).toEqual({
        rows: [{ row: { kind: 'good' }, line: undefined }],
        skipped: [{ reason: 'record 2: bad record' }],
        failure: undefined,
      });
      expect(await readJsonRecords(join(dir, 'lines.ndjson'), [], normalize)).toEqual({
        rows: [{ row: { kind: 'good' }, line: 2 }],
        skipped: [{ line: 1, reason: 'bad record' }, { line: 3, reason: 'other kind' }],
        failure: undefined,
      });
      expect(await readJsonRecords(join(dir, 'sidecar.ndjson'), [], normalize)).toEqual({
        rows: [],
        skipped: [],
        failure: 'none of its 2 records belongs here (other kind)',
      });
    });
  });
});
