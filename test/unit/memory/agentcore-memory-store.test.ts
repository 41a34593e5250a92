import { AgentCoreMemoryStore, agentCoreId, resolveNamespace } from '../../../agents/memory/agentcore-memory-store.js';
import type { Exchange } from '../../../agents/memory/memory-store.js';

interface StoredEvent {
  eventId: string;
  actorId: string;
  sessionId: string;
  eventTimestamp: Date;
  payload: unknown[];
  clientToken?: string;
}

/**
 * AgentCore Memory's data plane as far as cia uses it, at the edge where the real service cannot
 * run here. Records match a namespace by plain prefix (the loosest reading of the API), so the
 * store's own filtering is what keeps /facts/U1 from reading /facts/U10.
 */
function fakeAgentCore() {
  const events: StoredEvent[] = [];
  const records: Array<{ memoryRecordId: string; namespaces: string[]; content: { text: string }; score: number; createdAt: Date }> = [];
  const calls: Array<{ command: string; input: Record<string, unknown> }> = [];
  const client = {
    send: async (command: object) => {
      const name = command.constructor.name;
      const input = (command as { input: Record<string, unknown> }).input;
      calls.push({ command: name, input });
      switch (name) {
        case 'CreateEventCommand': {
          const existing = events.find((e) => e.clientToken && e.clientToken === input.clientToken);
          if (existing) return { event: existing };
          const event = { eventId: `e${events.length}`, actorId: input.actorId as string, sessionId: input.sessionId as string, eventTimestamp: input.eventTimestamp as Date, payload: input.payload as unknown[], clientToken: input.clientToken as string };
          events.push(event);
          return { event };
        }
        case 'ListEventsCommand': {
          // Newest first, two a page: the store must read every page and put them in order.
          const mine = events.filter((e) => e.actorId === input.actorId && e.sessionId === input.sessionId).reverse();
          const start = Number(input.nextToken ?? 0);
          const page = mine.slice(start, start + 2).map((e) => ({ ...e, payload: input.includePayloads ? e.payload : undefined }));
          return { events: page, nextToken: start + 2 < mine.length ? String(start + 2) : undefined };
        }
        case 'RetrieveMemoryRecordsCommand':
        case 'ListMemoryRecordsCommand':
          return { memoryRecordSummaries: records.filter((r) => r.namespaces.some((n) => n.startsWith(input.namespace as string))) };
        case 'DeleteEventCommand':
          events.splice(events.findIndex((e) => e.eventId === input.eventId), 1);
          return {};
        case 'BatchDeleteMemoryRecordsCommand':
          for (const { memoryRecordId } of input.records as Array<{ memoryRecordId: string }>) records.splice(records.findIndex((r) => r.memoryRecordId === memoryRecordId), 1);
          return { successfulRecords: [], failedRecords: [] };
        default:
          throw new Error(`the fake has no ${name}`);
      }
    },
  };
  return { client, events, records, calls };
}

const options = { memoryId: 'cia_memory-AbCdEf1234', factsNamespace: '/facts/{actorId}', reflectionsNamespace: '/episodes/{actorId}/{sessionId}' };
const exchange = (id: string, minute: number, question: string, answer: string): Exchange => ({ id, question, answer, status: 'answered', sources: ['cloudtrail'], scope: 'prod', at: new Date(Date.UTC(2024, 4, 1, 0, minute)) });

describe('AgentCore Memory behind the MemoryStore interface', () => {
  it('saves each exchange as one event (question USER, answer ASSISTANT, cut at 5,000), once per investigation', async () => {
    const aws = fakeAgentCore();
    const store = new AgentCoreMemoryStore(aws.client, options);
    const long = exchange('inv-1', 1, 'who stopped instances?', 'x'.repeat(8000));
    await store.record('U01ALICE', '6f1c2a4e-0000-4000-8000-000000000001', long);
    await store.record('U01ALICE', '6f1c2a4e-0000-4000-8000-000000000001', long);
    expect(aws.events).toHaveLength(1);
    const input = aws.calls[0]!.input;
    expect(input).toMatchObject({ memoryId: options.memoryId, actorId: 'U01ALICE', sessionId: '6f1c2a4e-0000-4000-8000-000000000001', metadata: { status: { stringValue: 'answered' } } });
    expect(input.payload).toEqual([
      { conversational: { role: 'USER', content: { text: 'who stopped instances?' } } },
      { conversational: { role: 'ASSISTANT', content: { text: `${'x'.repeat(4999)}…` } } },
    ]);
    expect(input.clientToken).toMatch(/^cia-[0-9a-f]{64}$/);
  });

  it('restores a session in order across pages, and retrieves facts and reflections in the asker\'s namespaces only', async () => {
    const aws = fakeAgentCore();
    const store = new AgentCoreMemoryStore(aws.client, options);
    for (let i = 1; i <= 3; i++) await store.record('U1', 's-1', exchange(`inv-${i}`, i, `question ${i}`, `answer ${i}`));
    aws.records.push(
      { memoryRecordId: 'r1', namespaces: ['/facts/U1'], content: { text: 'alice stopped i-0abc1234' }, score: 0.9, createdAt: new Date() },
      { memoryRecordId: 'r2', namespaces: ['/facts/U10'], content: { text: 'another user\'s secret finding' }, score: 0.99, createdAt: new Date() },
      { memoryRecordId: 'r3', namespaces: ['/episodes/U1/s-1'], content: { text: 'the session asked about stopped instances' }, score: 0.5, createdAt: new Date() },
    );
    const recalled = await store.recall('U1', 's-1', 'who stopped instances?');
    expect(recalled.events.map((e) => e.text)).toEqual(['question 1', 'answer 1', 'question 2', 'answer 2', 'question 3', 'answer 3']);
    expect(recalled.facts.map((f) => f.text)).toEqual(['alice stopped i-0abc1234']);
    expect(recalled.reflections.map((r) => r.text)).toEqual(['the session asked about stopped instances']);
    const retrieve = aws.calls.filter((c) => c.command === 'RetrieveMemoryRecordsCommand').map((c) => c.input);
    expect(retrieve).toEqual([
      { memoryId: options.memoryId, namespace: '/facts/U1', searchCriteria: { searchQuery: 'who stopped instances?', topK: 5 }, maxResults: 5 },
      { memoryId: options.memoryId, namespace: '/episodes/U1/s-1', searchCriteria: { searchQuery: 'who stopped instances?', topK: 3 }, maxResults: 3 },
    ]);
    expect(await store.recall('U2', 's-1', 'who stopped instances?')).toEqual({ events: [], facts: [], reflections: [] });
  });

  it('forgets a session: its events and its episodic records', async () => {
    const aws = fakeAgentCore();
    const store = new AgentCoreMemoryStore(aws.client, options);
    await store.record('U1', 's-1', exchange('inv-1', 1, 'q1', 'a1'));
    await store.record('U1', 's-2', exchange('inv-2', 2, 'q2', 'a2'));
    aws.records.push({ memoryRecordId: 'r3', namespaces: ['/episodes/U1/s-1'], content: { text: 'reflection' }, score: 1, createdAt: new Date() });
    await store.forget('U1', 's-1');
    expect(aws.events.map((e) => e.sessionId)).toEqual(['s-2']);
    expect(aws.records).toEqual([]);
  });

  it('refuses a namespace without the actor, and spells any user id as AgentCore accepts it', () => {
    expect(() => new AgentCoreMemoryStore(fakeAgentCore().client, { ...options, factsNamespace: '/facts' })).toThrow(/must contain \{actorId\}/);
    expect(() => resolveNamespace('/facts/{actorId}/{teamId}', 'U1', 's')).toThrow(/placeholder/);
    expect(agentCoreId('U01ALICE')).toBe('U01ALICE');
    const email = agentCoreId('alice@example.com');
    expect(email).toMatch(/^alice_example_com-[0-9a-f]{16}$/);
    expect(agentCoreId('alice.example.com')).not.toBe(email.replace('@', '.'));
    expect(agentCoreId('alice@example.com')).toBe(email);
  });
});
