import { createHash } from 'node:crypto';
import {
  BatchDeleteMemoryRecordsCommand,
  CreateEventCommand,
  DeleteEventCommand,
  ListEventsCommand,
  ListMemoryRecordsCommand,
  RetrieveMemoryRecordsCommand,
  type Event,
  type ListEventsOutput,
  type ListMemoryRecordsOutput,
  type MemoryRecordSummary,
  type RetrieveMemoryRecordsOutput,
} from '@aws-sdk/client-bedrock-agentcore';
import { allPages, type SendClient } from '../../pipeline-infra/api-sources/sdk/aws-call.js';
import { cutMessage, RECALL_LIMITS, type Exchange, type MemoryEvent, type MemoryRecord, type MemoryStore, type RecallLimits, type Recollection } from './memory-store.js';

export interface AgentCoreMemoryOptions {
  memoryId: string;
  /**
   * Where the memory's strategies write, with `{actorId}` (and `{sessionId}`) filled in on read:
   * AgentCore does not resolve placeholders when reading. Each names the actor, so a read never
   * leaves the asker's own records.
   */
  factsNamespace: string;
  reflectionsNamespace: string;
}

export const DEFAULT_FACTS_NAMESPACE = '/facts/{actorId}';
export const DEFAULT_REFLECTIONS_NAMESPACE = '/episodes/{actorId}/{sessionId}';

/** Pages of a session's events read at most (a Slack thread is far shorter). */
const MAX_EVENT_PAGES = 5;

/**
 * Memory in Amazon Bedrock AgentCore (DESIGN §3.6): each exchange is one event (the question as
 * USER, the answer as ASSISTANT) of the session, under the asker as actor; the memory's semantic
 * and episodic strategies turn events into records, read back with `RetrieveMemoryRecords`.
 */
export class AgentCoreMemoryStore implements MemoryStore {
  readonly name = 'agentcore';

  constructor(
    private readonly client: SendClient,
    private readonly options: AgentCoreMemoryOptions,
  ) {
    for (const template of [options.factsNamespace, options.reflectionsNamespace]) {
      if (!template.includes('{actorId}')) throw new Error(`memory namespace ${template} must contain {actorId}: without it one user's records would reach another`);
    }
  }

  async record(actor: string, sessionId: string, exchange: Exchange): Promise<void> {
    await this.client.send(
      new CreateEventCommand({
        memoryId: this.options.memoryId,
        actorId: agentCoreId(actor),
        sessionId: agentCoreId(sessionId),
        eventTimestamp: exchange.at,
        payload: [
          { conversational: { role: 'USER', content: { text: cutMessage(exchange.question) } } },
          { conversational: { role: 'ASSISTANT', content: { text: cutMessage(exchange.answer) } } },
        ],
        // The same exchange saved twice (a redelivered job) is one event.
        clientToken: `cia-${createHash('sha256').update(exchange.id).digest('hex')}`,
        metadata: { status: { stringValue: exchange.status }, sources: { stringValue: exchange.sources.join(' ') || 'none' } },
      }),
    );
  }

  async recall(actor: string, sessionId: string, query: string, limits: RecallLimits = RECALL_LIMITS): Promise<Recollection> {
    const actorId = agentCoreId(actor);
    const session = agentCoreId(sessionId);
    const [events, facts, reflections] = await Promise.all([
      limits.events > 0 ? this.events(actorId, session) : [],
      this.retrieve(resolveNamespace(this.options.factsNamespace, actorId, session), query, limits.facts),
      this.retrieve(resolveNamespace(this.options.reflectionsNamespace, actorId, session), query, limits.reflections),
    ]);
    return { events: events.slice(-limits.events), facts, reflections };
  }

  /**
   * Deletes the session's events and its episodic records. Semantic facts the strategy drew from
   * it are not tied to a session in AgentCore, so they stay until the memory's expiry.
   */
  async forget(actor: string, sessionId: string): Promise<void> {
    const actorId = agentCoreId(actor);
    const session = agentCoreId(sessionId);
    const memoryId = this.options.memoryId;
    for (const event of await this.listEvents(actorId, session, false)) {
      if (event.eventId) await this.client.send(new DeleteEventCommand({ memoryId, actorId, sessionId: session, eventId: event.eventId }));
    }
    const namespace = resolveNamespace(this.options.reflectionsNamespace, actorId, session);
    const records = await allPages<MemoryRecordSummary>(async (nextToken) => {
      const page = (await this.client.send(new ListMemoryRecordsCommand({ memoryId, namespace, maxResults: 100, nextToken }))) as ListMemoryRecordsOutput;
      return { items: page.memoryRecordSummaries, next: page.nextToken };
    });
    const ids = records.filter((r) => r.memoryRecordId && (r.namespaces ?? [namespace]).some((n) => within(n, namespace))).map((r) => ({ memoryRecordId: r.memoryRecordId! }));
    // BatchDeleteMemoryRecords takes up to 100 records a call.
    for (let i = 0; i < ids.length; i += 100) await this.client.send(new BatchDeleteMemoryRecordsCommand({ memoryId, records: ids.slice(i, i + 100) }));
  }

  private listEvents(actorId: string, sessionId: string, includePayloads: boolean): Promise<Event[]> {
    return allPages<Event>(async (nextToken) => {
      const page = (await this.client.send(new ListEventsCommand({ memoryId: this.options.memoryId, actorId, sessionId, includePayloads, maxResults: 100, nextToken }))) as ListEventsOutput;
      return { items: page.events, next: page.nextToken };
    }, MAX_EVENT_PAGES);
  }

  private async events(actorId: string, sessionId: string): Promise<MemoryEvent[]> {
    const events = await this.listEvents(actorId, sessionId, true);
    const out: Array<MemoryEvent & { ms: number }> = [];
    for (const event of events) {
      const ms = event.eventTimestamp?.getTime() ?? 0;
      for (const item of event.payload ?? []) {
        const text = item.conversational?.content?.text;
        const role = item.conversational?.role;
        if (text && (role === 'USER' || role === 'ASSISTANT')) out.push({ role: role === 'USER' ? 'user' : 'assistant', text, at: new Date(ms).toISOString(), ms });
      }
    }
    // Oldest first, whatever order the pages came in (a stable sort keeps question before answer).
    return out.sort((a, b) => a.ms - b.ms).map(({ role, text, at }) => ({ role, text, at }));
  }

  private async retrieve(namespace: string, query: string, topK: number): Promise<MemoryRecord[]> {
    if (topK <= 0 || !query.trim()) return [];
    const result = (await this.client.send(new RetrieveMemoryRecordsCommand({ memoryId: this.options.memoryId, namespace, searchCriteria: { searchQuery: cutMessage(query, 1000), topK }, maxResults: topK }))) as RetrieveMemoryRecordsOutput;
    return (result.memoryRecordSummaries ?? [])
      .filter((r) => typeof r.content?.text === 'string' && (r.namespaces ?? [namespace]).some((n) => within(n, namespace)))
      .map((r) => ({ text: r.content!.text!, score: r.score ?? null, at: r.createdAt?.toISOString() ?? null }))
      .slice(0, topK);
  }
}

/**
 * Whether a record's namespace is the one asked for or below it. A bare prefix is not enough:
 * `/facts/U1` is a prefix of `/facts/U10`, another user's.
 */
function within(recordNamespace: string, namespace: string): boolean {
  const base = namespace.replace(/\/+$/, '');
  return recordNamespace === base || recordNamespace.startsWith(`${base}/`);
}

/**
 * An id AgentCore accepts as actor or session (letters, digits, `-`, `_`, `/`; up to 255): others
 * (an e-mail as `--user`) are spelled safely and given a hash suffix, so two never collide.
 */
export function agentCoreId(id: string): string {
  if (/^[A-Za-z0-9][A-Za-z0-9_/-]{0,254}$/.test(id)) return id;
  const safe = id.replace(/[^A-Za-z0-9_-]+/g, '_').replace(/^[^A-Za-z0-9]+/, '').slice(0, 200);
  return `${safe || 'id'}-${createHash('sha256').update(id).digest('hex').slice(0, 16)}`;
}

export function resolveNamespace(template: string, actorId: string, sessionId: string): string {
  const namespace = template.replaceAll('{actorId}', actorId).replaceAll('{sessionId}', sessionId);
  if (/[{}]/.test(namespace)) throw new Error(`memory namespace ${template} has a placeholder other than {actorId} and {sessionId}`);
  return namespace;
}
