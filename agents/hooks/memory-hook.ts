import { BeforeInvocationEvent, BeforeToolCallEvent, MessageAddedEvent, TextBlock, type LocalAgent, type Plugin } from '@strands-agents/sdk';
import { identifiersFromMemoryOnly, memoryContext } from '../memory/memory-context.js';
import { NOTHING_RECALLED, type MemoryStore, type Recollection } from '../memory/memory-store.js';

export interface MemoryScope {
  store: MemoryStore;
  actor: string;
  sessionId: string;
  /** What to recall by: the question, with the thread's previous question for a follow-up. */
  query: string;
  /** What the conversation has established without memory: the question, its resolved scope, the previous turn. */
  established: string;
}

/**
 * Memory, read before the supervisor runs (DESIGN §3.4, §3.6): the asker's recollection joins the
 * first user turn inside wrappers that call it context, not authority. Enforced in code too: a
 * tool call carrying an identifier that only memory supplied is not run, so memory never turns
 * into a query filter. A memory that cannot be read costs the context, never the answer.
 */
export class MemoryHook implements Plugin {
  readonly name = 'cia-memory';
  private recollection: Recollection = NOTHING_RECALLED;
  private context: string | undefined;
  private injected = false;

  constructor(
    private readonly scope: MemoryScope,
    private readonly onRecall: (recollection: Recollection | Error) => void = () => {},
  ) {}

  initAgent(agent: LocalAgent): void {
    agent.addHook(BeforeInvocationEvent, async () => {
      if (this.context !== undefined || this.injected) return;
      try {
        this.recollection = await this.scope.store.recall(this.scope.actor, this.scope.sessionId, this.scope.query);
        this.onRecall(this.recollection);
      } catch (error) {
        this.onRecall(error as Error);
      }
      this.context = memoryContext(this.recollection);
    });
    agent.addHook(MessageAddedEvent, (event) => {
      if (this.injected || !this.context || event.message.role !== 'user') return;
      this.injected = true;
      event.message.content.unshift(new TextBlock(this.context));
    });
    agent.addHook(BeforeToolCallEvent, (event) => {
      if (!this.context) return;
      const fromMemory = identifiersFromMemoryOnly(JSON.stringify(event.toolUse.input), this.context, this.scope.established);
      if (fromMemory.length) {
        event.cancel = `Not run: ${fromMemory.join(', ')} came from memory, which is context and never a filter. Ask with what the question and its scope say.`;
      }
    });
  }
}
