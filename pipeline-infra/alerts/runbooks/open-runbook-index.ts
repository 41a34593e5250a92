import { BedrockAgentRuntimeClient } from '@aws-sdk/client-bedrock-agent-runtime';
import { BedrockRunbookIndex } from './bedrock-runbook-index.js';
import { LocalRunbookIndex } from './local-runbook-index.js';
import type { RunbookIndex } from './runbook-index.js';

/** The runbook index configuration picks: a Bedrock Knowledge Base in production, else BM25 over the runbook files. */
export async function openRunbookIndex(options: { knowledgeBaseId?: string; dir?: string } = {}): Promise<RunbookIndex> {
  if (options.knowledgeBaseId) return new BedrockRunbookIndex(new BedrockAgentRuntimeClient({}), options.knowledgeBaseId);
  return LocalRunbookIndex.fromDirectory(options.dir);
}
