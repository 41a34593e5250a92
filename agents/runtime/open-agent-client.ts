import { z } from 'zod';
import type { AgentClient } from './agent-client.js';

const RUNTIME_ARN = /^arn:aws[\w-]*:bedrock-agentcore:([a-z0-9-]+):\d{12}:runtime\/[a-zA-Z][a-zA-Z0-9_]{0,99}-[a-zA-Z0-9]{10}$/;

/** Where the agents run (DESIGN §2): AgentCore Runtime, a `cia runtime` at a URL, or (neither set) in process. */
export const agentRuntimeEnvSchema = z
  .object({
    CIA_AGENT_RUNTIME_ARN: z.string().regex(RUNTIME_ARN, 'must be an AgentCore runtime ARN such as arn:aws:bedrock-agentcore:eu-central-1:111111111111:runtime/cia_runtime-AbCdEf1234').optional(),
    /** The runtime's endpoint to invoke; unset: its DEFAULT endpoint. */
    CIA_AGENT_RUNTIME_QUALIFIER: z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]{0,47}$/, 'must be a runtime endpoint name such as DEFAULT').optional(),
    /** A `cia runtime` serving the contract over HTTP, e.g. http://127.0.0.1:8080 */
    CIA_AGENT_RUNTIME_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL such as http://127.0.0.1:8080' }).optional(),
    /** Kept below the worker Lambda's own timeout (300 s), so a slow runtime still ends in a terminal message. */
    CIA_AGENT_RUNTIME_TIMEOUT_SECONDS: z.coerce.number({ error: 'must be a number of seconds' }).int('must be a whole number of seconds').min(1, 'must be at least 1').max(280, 'must be at most 280: the worker has 300 s to end the thread in Slack').default(240),
  })
  .superRefine((env, ctx) => {
    if (env.CIA_AGENT_RUNTIME_ARN && env.CIA_AGENT_RUNTIME_URL) ctx.addIssue({ code: 'custom', path: ['CIA_AGENT_RUNTIME_URL'], message: 'set either CIA_AGENT_RUNTIME_ARN or CIA_AGENT_RUNTIME_URL, not both' });
    if (env.CIA_AGENT_RUNTIME_QUALIFIER && !env.CIA_AGENT_RUNTIME_ARN) ctx.addIssue({ code: 'custom', path: ['CIA_AGENT_RUNTIME_QUALIFIER'], message: 'needs CIA_AGENT_RUNTIME_ARN' });
  });
export type AgentRuntimeEnv = z.infer<typeof agentRuntimeEnvSchema>;

/** The configured remote runtime, or undefined: the agents run in process. The AWS SDK loads only when AgentCore is picked. */
export async function openAgentClient(env: AgentRuntimeEnv): Promise<AgentClient | undefined> {
  const timeoutMs = env.CIA_AGENT_RUNTIME_TIMEOUT_SECONDS * 1000;
  if (env.CIA_AGENT_RUNTIME_URL) {
    const { HttpAgentClient } = await import('./http-agent-client.js');
    return new HttpAgentClient({ url: env.CIA_AGENT_RUNTIME_URL, timeoutMs });
  }
  if (!env.CIA_AGENT_RUNTIME_ARN) return undefined;
  const { BedrockAgentCoreClient } = await import('@aws-sdk/client-bedrock-agentcore');
  const { AgentCoreAgentClient } = await import('./agentcore-agent-client.js');
  // The runtime's own region (from its ARN); adaptive retries back off when AgentCore throttles.
  const region = RUNTIME_ARN.exec(env.CIA_AGENT_RUNTIME_ARN)![1]!;
  const client = new BedrockAgentCoreClient({ region, retryMode: 'adaptive', maxAttempts: 3 });
  return new AgentCoreAgentClient(client, { arn: env.CIA_AGENT_RUNTIME_ARN, qualifier: env.CIA_AGENT_RUNTIME_QUALIFIER, timeoutMs });
}
