import { join, resolve } from 'node:path';
import { z } from 'zod';
import { DEFAULT_FACTS_NAMESPACE, DEFAULT_REFLECTIONS_NAMESPACE } from './agentcore-memory-store.js';
import type { MemoryStore } from './memory-store.js';

const namespace = (fallback: string) => z.string().regex(/^\/[\w{}/-]*$/, 'must be a namespace path such as /facts/{actorId}').default(fallback);

export const memoryEnvSchema = z.object({
  /** `local`: under CIA_DATA_DIR/memory; `agentcore`: AgentCore Memory (CIA_MEMORY_ID); `off`: nothing read or kept. */
  CIA_MEMORY: z.enum(['local', 'agentcore', 'off'], { error: 'must be local, agentcore or off' }).default('local'),
  CIA_MEMORY_ID: z.string().regex(/^[a-zA-Z][a-zA-Z0-9-_]{0,99}-[a-zA-Z0-9]{10}$/, 'must be an AgentCore memory id such as cia_memory-AbCdEf1234').optional(),
  CIA_MEMORY_FACTS_NAMESPACE: namespace(DEFAULT_FACTS_NAMESPACE),
  CIA_MEMORY_REFLECTIONS_NAMESPACE: namespace(DEFAULT_REFLECTIONS_NAMESPACE),
  CIA_DATA_DIR: z.string().default('.data'),
  AWS_REGION: z.string().default('us-east-1'),
});
export type MemoryEnv = z.infer<typeof memoryEnvSchema>;

/** The memory configuration picks; the AgentCore client loads only when it is picked. Undefined: memory is off. */
export async function openMemoryStore(env: MemoryEnv): Promise<MemoryStore | undefined> {
  switch (env.CIA_MEMORY) {
    case 'off':
      return undefined;
    case 'local': {
      const { LocalMemoryStore } = await import('./local-memory-store.js');
      return new LocalMemoryStore(resolve(join(env.CIA_DATA_DIR, 'memory')));
    }
    case 'agentcore': {
      if (!env.CIA_MEMORY_ID) throw new Error('CIA_MEMORY=agentcore needs CIA_MEMORY_ID (the AgentCore memory\'s id)');
      const [{ BedrockAgentCoreClient }, { AgentCoreMemoryStore }] = [await import('@aws-sdk/client-bedrock-agentcore'), await import('./agentcore-memory-store.js')];
      // Adaptive retries back off when AgentCore throttles.
      const client = new BedrockAgentCoreClient({ region: env.AWS_REGION, retryMode: 'adaptive', maxAttempts: 5 });
      return new AgentCoreMemoryStore(client, { memoryId: env.CIA_MEMORY_ID, factsNamespace: env.CIA_MEMORY_FACTS_NAMESPACE, reflectionsNamespace: env.CIA_MEMORY_REFLECTIONS_NAMESPACE });
    }
  }
}
