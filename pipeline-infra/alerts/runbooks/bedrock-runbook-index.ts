import { RetrieveCommand, type BedrockAgentRuntimeClient, type KnowledgeBaseRetrievalResult, type RetrievalFilter } from '@aws-sdk/client-bedrock-agent-runtime';
import type { Severity } from '../alert.js';
import { listSteps, timeToActIn } from './parse-runbook.js';
import { citationOf, TIME_TO_ACT_ANCHOR, type RetrieveOptions, type RunbookIndex, type RunbookPassage, type TimeToAct } from './runbook-index.js';

// A section document begins with its runbook's title and its heading (knowledge-base-documents.ts).
const DOCUMENT_HEADINGS = /^#[ \t]+[^\n]*\n+##[ \t]+[^\n]*\n+/;

/**
 * The production runbook index: `Retrieve` on a Bedrock Knowledge Base whose S3 data source holds
 * the documents of `knowledgeBaseDocuments` (one per section, with its metadata sidecar). The
 * metadata names the section, so a passage cites the same place as the local index would.
 */
export class BedrockRunbookIndex implements RunbookIndex {
  constructor(
    private readonly client: Pick<BedrockAgentRuntimeClient, 'send'>,
    private readonly knowledgeBaseId: string,
  ) {}

  async retrieve(query: string, { limit = 3, runbook, section }: RetrieveOptions = {}): Promise<RunbookPassage[]> {
    if (query.trim() === '' || limit <= 0) return [];
    const conditions: RetrievalFilter[] = [];
    if (runbook !== undefined) conditions.push({ equals: { key: 'runbook', value: runbook } });
    if (section !== undefined) conditions.push({ equals: { key: 'anchor', value: section } });
    const filter: RetrievalFilter | undefined = conditions.length > 1 ? { andAll: conditions } : conditions[0];
    const response = await this.client.send(
      new RetrieveCommand({
        knowledgeBaseId: this.knowledgeBaseId,
        retrievalQuery: { text: query },
        retrievalConfiguration: { vectorSearchConfiguration: { numberOfResults: limit, ...(filter && { filter }) } },
      }),
    );
    return (response.retrievalResults ?? []).flatMap((result) => {
      const passage = passageOf(result);
      return passage ? [passage] : [];
    });
  }

  async timeToAct(runbookId: string, severity: Severity): Promise<TimeToAct | null> {
    const passages = await this.retrieve(`time to act ${severity}`, { runbook: runbookId, section: TIME_TO_ACT_ANCHOR });
    for (const passage of passages) {
      const line = timeToActIn(passage, severity);
      if (line) return { ...line, citation: passage.citation };
    }
    return null;
  }
}

/** A retrieval result as a passage; null for a chunk without the section metadata (not one of ours). */
function passageOf(result: KnowledgeBaseRetrievalResult): RunbookPassage | null {
  const metadata = result.metadata ?? {};
  const attribute = (key: string) => (typeof metadata[key] === 'string' && metadata[key] !== '' ? (metadata[key] as string) : null);
  const runbook = attribute('runbook');
  const runbookTitle = attribute('runbook_title');
  const section = attribute('section');
  const anchor = attribute('anchor');
  const content = result.content?.text;
  if (runbook === null || runbookTitle === null || section === null || anchor === null || content === undefined) return null;
  const text = content.replace(DOCUMENT_HEADINGS, '').trim();
  return { runbook, runbookTitle, section, anchor, citation: citationOf(runbook, anchor), text, steps: listSteps(text), score: result.score ?? 0 };
}
