import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalMemoryStore } from '../../../agents/memory/local-memory-store.js';
import type { Exchange } from '../../../agents/memory/memory-store.js';

let n = 0;
const exchange = (question: string, answer: string, extra: Partial<Exchange> = {}): Exchange => ({
  id: `inv-${++n}`, question, answer, status: 'answered', sources: ['cloudtrail'], scope: 'prod (111111111111)', at: new Date(Date.UTC(2024, 4, 1, 0, n)), ...extra,
});

describe('the local memory store (CIA_DATA_DIR/memory)', () => {
  let dir: string;
  let store: LocalMemoryStore;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cia-memory-'));
    store = new LocalMemoryStore(dir);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('restores a session\'s exchanges from disk, in a new store as after a restart', async () => {
    await store.record('U01ALICE', 's1', exchange('who stopped instances in prod?', 'alice stopped i-0abc1234.'));
    await store.record('U01ALICE', 's1', exchange('and yesterday?', 'Nothing was found.', { status: 'no_data' }));
    const recalled = await new LocalMemoryStore(dir).recall('U01ALICE', 's1', 'only the failed ones');
    expect(recalled.events.map((e) => `${e.role}: ${e.text}`)).toEqual(['user: who stopped instances in prod?', 'assistant: alice stopped i-0abc1234.', 'user: and yesterday?', 'assistant: Nothing was found.']);
    expect(recalled.reflections).toHaveLength(2);
    expect(recalled.reflections[0]!.text).toContain('asked "and yesterday?"; nothing found');
  });

  it('saves messages cut at 5,000 characters, and a retried save once', async () => {
    const long = exchange('q'.repeat(9000), 'a'.repeat(12_000));
    await store.record('U01ALICE', 's1', long);
    await store.record('U01ALICE', 's1', long);
    const { events } = await store.recall('U01ALICE', 's1', 'anything', { events: 10, facts: 5, reflections: 3 });
    expect(events).toHaveLength(2);
    expect(events.map((e) => e.text.length)).toEqual([5000, 5000]);
  });

  it('ranks facts from all of the user\'s sessions (top 5) and reflections of this session only (top 3)', async () => {
    for (let i = 0; i < 8; i++) await store.record('U01ALICE', `s${i}`, exchange(`question ${i}`, `bucket-${i}-logs was made public by alice`));
    await store.record('U01ALICE', 's9', exchange('who deleted the trail?', 'stratus-red-team-trail was deleted by bert-jan'));
    const recalled = await store.recall('U01ALICE', 's1', 'was the trail deleted?');
    expect(recalled.facts[0]!.text).toContain('stratus-red-team-trail was deleted');
    expect(recalled.facts.length).toBeLessThanOrEqual(5);
    const publicOnes = await store.recall('U01ALICE', 's1', 'which buckets were made public');
    expect(publicOnes.facts).toHaveLength(5);
    expect(publicOnes.reflections.map((r) => r.text)).toEqual([expect.stringContaining('question 1')]);
  });

  it('never shows one user\'s memory to another, even for the same session id', async () => {
    await store.record('U01ALICE', 'shared-id', exchange('what did i-0secret99 do?', 'i-0secret99 called GetSecretValue'));
    const bob = await store.recall('U02BOB', 'shared-id', 'what did i-0secret99 do? alice');
    expect(bob).toEqual({ events: [], facts: [], reflections: [] });
    // Folders are named by hashes: no user id or session id becomes a path.
    expect(readdirSync(dir)).toHaveLength(1);
    expect(readdirSync(dir)[0]).toMatch(/^[0-9a-f]{32}$/);
  });

  it('keeps ids out of paths: an actor like ../../etc stays inside the folder', async () => {
    await store.record('../../etc', '../passwd', exchange('q', 'a'));
    expect(readdirSync(dir)).toHaveLength(1);
  });

  it('forgets a session: its events, its reflections and the facts drawn from it', async () => {
    await store.record('U01ALICE', 's1', exchange('q1', 'the key AKIA-one was created'));
    await store.record('U01ALICE', 's2', exchange('q2', 'the key AKIA-two was created'));
    await store.forget('U01ALICE', 's1');
    expect(await store.recall('U01ALICE', 's1', 'key created')).toMatchObject({ events: [], reflections: [] });
    const facts = (await store.recall('U01ALICE', 's2', 'key created')).facts.map((f) => f.text);
    expect(facts).toEqual([expect.stringContaining('AKIA-two')]);
  });

  it('reads past a line cut short by a crash', async () => {
    await store.record('U01ALICE', 's1', exchange('q1', 'a1'));
    const [actor] = readdirSync(dir);
    const sessions = join(dir, actor!, 'sessions');
    const file = readdirSync(sessions).find((f) => f.endsWith('.events.jsonl'))!;
    const { appendFileSync } = await import('node:fs');
    appendFileSync(join(sessions, file), '{"exchange":"inv-x","role":"us');
    const { events } = await store.recall('U01ALICE', 's1', 'q');
    expect(events).toHaveLength(2);
    expect(readFileSync(join(sessions, file), 'utf8')).toContain('inv-x');
  });
});
