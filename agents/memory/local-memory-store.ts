import { createHash } from 'node:crypto';
import { appendFile, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import MiniSearch from 'minisearch';
import { searchTerm, words } from '../../pipeline-infra/search/bm25-terms.js';
import { extractMemories } from './extract-memories.js';
import { cutMessage, RECALL_LIMITS, type Exchange, type MemoryEvent, type MemoryRecord, type MemoryStore, type RecallLimits, type Recollection } from './memory-store.js';

/** Facts kept per actor; older ones are dropped when the file is compacted. */
const MAX_FACTS = 1000;

interface StoredEvent extends MemoryEvent {
  exchange: string;
}

interface StoredRecord {
  exchange: string;
  /** The session a fact came from, so forgetting the session forgets it too. */
  session?: string;
  text: string;
  at: string;
}

/**
 * The local memory store, persisted as JSON lines under one folder (CIA_DATA_DIR/memory): a
 * folder per actor, named by a hash of the actor, so no actor's reads can reach another's files
 * and no id can climb out of the folder. Facts and reflections are drawn from each exchange by
 * `extractMemories` (what AgentCore's strategies do in production) and ranked by BM25.
 */
export class LocalMemoryStore implements MemoryStore {
  readonly name = 'local';

  constructor(private readonly dir: string) {}

  async record(actor: string, sessionId: string, exchange: Exchange): Promise<void> {
    const files = this.files(actor, sessionId);
    await mkdir(files.sessionDir, { recursive: true });
    // A retried save of the same exchange (a redelivered job) is written once.
    if ((await readLines<StoredEvent>(files.events)).some((e) => e.exchange === exchange.id)) return;
    const at = exchange.at.toISOString();
    const events: StoredEvent[] = [
      { exchange: exchange.id, role: 'user', text: cutMessage(exchange.question), at },
      { exchange: exchange.id, role: 'assistant', text: cutMessage(exchange.answer), at },
    ];
    const { facts, reflection } = extractMemories(exchange);
    await appendLines(files.events, events);
    await appendLines(files.reflections, [{ exchange: exchange.id, text: reflection, at }]);
    if (facts.length) await this.addFacts(files.facts, facts.map((text) => ({ exchange: exchange.id, session: files.session, text, at })));
  }

  async forget(actor: string, sessionId: string): Promise<void> {
    const files = this.files(actor, sessionId);
    await Promise.all([rm(files.events, { force: true }), rm(files.reflections, { force: true })]);
    const facts = await readLines<StoredRecord>(files.facts);
    if (facts.some((f) => f.session === files.session)) await rewrite(files.facts, facts.filter((f) => f.session !== files.session));
  }

  async recall(actor: string, sessionId: string, query: string, limits: RecallLimits = RECALL_LIMITS): Promise<Recollection> {
    const files = this.files(actor, sessionId);
    const [events, reflections, facts] = await Promise.all([readLines<StoredEvent>(files.events), readLines<StoredRecord>(files.reflections), readLines<StoredRecord>(files.facts)]);
    return {
      events: events.slice(-limits.events).map(({ role, text, at }) => ({ role, text, at })),
      facts: rank(facts.slice(-MAX_FACTS), query, limits.facts),
      // A session's reflections are few and all about it: the best matches first, then the latest.
      reflections: rank(reflections, query, limits.reflections, { fillWithLatest: true }),
    };
  }

  private files(actor: string, sessionId: string) {
    const actorDir = join(this.dir, digest(actor));
    const sessionDir = join(actorDir, 'sessions');
    const session = digest(sessionId);
    return { session, sessionDir, facts: join(actorDir, 'facts.jsonl'), events: join(sessionDir, `${session}.events.jsonl`), reflections: join(sessionDir, `${session}.reflections.jsonl`) };
  }

  private async addFacts(path: string, facts: StoredRecord[]): Promise<void> {
    await appendLines(path, facts);
    const all = await readLines<StoredRecord>(path);
    if (all.length > 2 * MAX_FACTS) await rewrite(path, all.slice(-MAX_FACTS));
  }
}

function digest(id: string): string {
  return createHash('sha256').update(id).digest('hex').slice(0, 32);
}

async function readLines<T>(path: string): Promise<T[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const out: T[] = [];
  for (const line of text.split('\n')) {
    if (!line) continue;
    try {
      out.push(JSON.parse(line) as T);
    } catch {
      // A line cut short by a crash mid-write: the rest of the file still counts.
    }
  }
  return out;
}

/** Written aside and renamed, so a reader never sees half a file. */
async function rewrite(path: string, items: readonly object[]): Promise<void> {
  const partial = `${path}.${process.pid}.tmp`;
  await writeFile(partial, items.map((item) => `${JSON.stringify(item)}\n`).join(''));
  await rename(partial, path);
}

async function appendLines(path: string, items: readonly object[]): Promise<void> {
  await appendFile(path, items.map((item) => `${JSON.stringify(item)}\n`).join(''));
}

function rank(records: readonly StoredRecord[], query: string, limit: number, options: { fillWithLatest?: boolean } = {}): MemoryRecord[] {
  if (limit <= 0 || records.length === 0) return [];
  const index = new MiniSearch<{ id: number; text: string }>({ fields: ['text'], tokenize: words, processTerm: searchTerm, searchOptions: { prefix: (term) => term.length >= 5 } });
  index.addAll(records.map((r, id) => ({ id, text: r.text })));
  const hits = index.search(query).slice(0, limit);
  const picked: MemoryRecord[] = hits.map((hit) => ({ text: records[hit.id as number]!.text, score: Math.round(hit.score * 1000) / 1000, at: records[hit.id as number]!.at }));
  if (options.fillWithLatest) {
    const taken = new Set(hits.map((hit) => hit.id as number));
    for (let i = records.length - 1; i >= 0 && picked.length < limit; i--) if (!taken.has(i)) picked.push({ text: records[i]!.text, score: null, at: records[i]!.at });
  }
  return picked;
}
