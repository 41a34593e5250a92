import { RetrieveCommand, type BedrockAgentRuntimeClient, type KnowledgeBaseRetrievalResult, type RetrieveCommandInput } from '@aws-sdk/client-bedrock-agent-runtime';
import { BedrockRunbookIndex } from '../../../../pipeline-infra/alerts/runbooks/bedrock-runbook-index.js';
import { knowledgeBaseDocuments } from '../../../../pipeline-infra/alerts/runbooks/knowledge-base-documents.js';
import { loadRunbooks } from '../../../../pipeline-infra/alerts/runbooks/load-runbooks.js';

/** A Bedrock Agent Runtime client that records each command and answers with the given results. */
function fakeClient(answer: (input: RetrieveCommandInput) => KnowledgeBaseRetrievalResult[]) {
  const inputs: RetrieveCommandInput[] = [];
  const client = {
    send: async (command: unknown) => {
      if (!(command instanceof RetrieveCommand)) throw new Error('only Retrieve is expected');
      inputs.push(command.input);
      return { retrievalResults: answer(command.input) };
    },
  } as unknown as Pick<BedrockAgentRuntimeClient, 'send'>;
  return { client, inputs };
}

const section = (runbook: string, anchor: string, heading: string, text: string, score = 0.5): KnowledgeBaseRetrievalResult => ({
  content: { type: 'TEXT', text: `# Title of ${runbook}\n\n## ${heading}\n\n${text}\n` },
  metadata: { runbook, runbook_title: `Title of ${runbook}`, section: heading, anchor, 'x-amz-bedrock-kb-source-uri': `s3://runbooks/${runbook}/${anchor}.md` },
  score,
});

describe('BedrockRunbookIndex', () => {
  it('sends the Retrieve request AWS expects', async () => {
    const { client, inputs } = fakeClient(() => []);
    const index = new BedrockRunbookIndex(client, 'KB123456');
    await index.retrieve('SYN flood on 10.2.0.10');
    await index.retrieve('SYN flood', { limit: 5, runbook: 'ddos-syn-flood' });
    await index.retrieve('SYN flood', { runbook: 'ddos-syn-flood', section: 'immediate-actions' });
    expect(inputs).toEqual([
      { knowledgeBaseId: 'KB123456', retrievalQuery: { text: 'SYN flood on 10.2.0.10' }, retrievalConfiguration: { vectorSearchConfiguration: { numberOfResults: 3 } } },
      {
        knowledgeBaseId: 'KB123456',
        retrievalQuery: { text: 'SYN flood' },
        retrievalConfiguration: { vectorSearchConfiguration: { numberOfResults: 5, filter: { equals: { key: 'runbook', value: 'ddos-syn-flood' } } } },
      },
      {
        knowledgeBaseId: 'KB123456',
        retrievalQuery: { text: 'SYN flood' },
        retrievalConfiguration: {
          vectorSearchConfiguration: {
            numberOfResults: 3,
            filter: { andAll: [{ equals: { key: 'runbook', value: 'ddos-syn-flood' } }, { equals: { key: 'anchor', value: 'immediate-actions' } }] },
          },
        },
      },
    ]);
  });

  it('maps results to passages, without the document headings, and drops results without section metadata', async () => {
    const { client } = fakeClient(() => [
      section('port-scan', 'immediate-actions', 'Immediate actions', '1. Close the port.\n2. Deny the source:\n   in the network ACL.', 0.8),
      { content: { text: 'a chunk from some other document' }, metadata: { 'x-amz-bedrock-kb-source-uri': 's3://elsewhere/doc.md' }, score: 0.7 },
      { content: { text: 'no metadata at all' }, score: 0.6 },
      { ...section('brute-force', 'confirm', 'Confirm', 'x'), metadata: { runbook: 'brute-force', section: 'Confirm', anchor: 'confirm' } },
      section('brute-force', 'escalate', 'Escalate', '- Page security.', 0.4),
    ]);
    const passages = await new BedrockRunbookIndex(client, 'KB').retrieve('port scan');
    expect(passages).toEqual([
      {
        runbook: 'port-scan',
        runbookTitle: 'Title of port-scan',
        section: 'Immediate actions',
        anchor: 'immediate-actions',
        citation: 'pipeline-infra/runbooks/port-scan.md#immediate-actions',
        text: '1. Close the port.\n2. Deny the source:\n   in the network ACL.',
        steps: ['Close the port.', 'Deny the source: in the network ACL.'],
        score: 0.8,
      },
      expect.objectContaining({ runbook: 'brute-force', anchor: 'escalate', steps: ['Page security.'], score: 0.4 }),
    ]);
  });

  it('does not call Bedrock for an empty query or a zero limit', async () => {
    const { client, inputs } = fakeClient(() => []);
    const index = new BedrockRunbookIndex(client, 'KB');
    expect(await index.retrieve('  ')).toEqual([]);
    expect(await index.retrieve('flood', { limit: 0 })).toEqual([]);
    expect(inputs).toEqual([]);
  });

  it('reads the time to act from the runbook\'s Time to act passage', async () => {
    const timeToAct = '- SEV1: 1 h — stop the transfer.\n- SEV2: 4 h — decide.\n- SEV3: 24 h — explain.';
    const { client, inputs } = fakeClient((input) => (input.retrievalQuery?.text?.startsWith('time to act') ? [section('data-exfiltration', 'time-to-act', 'Time to act', timeToAct)] : []));
    const index = new BedrockRunbookIndex(client, 'KB');
    expect(await index.timeToAct('data-exfiltration', 'SEV2')).toEqual({ hours: 4, reason: 'decide.', citation: 'pipeline-infra/runbooks/data-exfiltration.md#time-to-act' });
    expect(inputs[0]).toMatchObject({
      retrievalQuery: { text: 'time to act SEV2' },
      retrievalConfiguration: {
        vectorSearchConfiguration: { filter: { andAll: [{ equals: { key: 'runbook', value: 'data-exfiltration' } }, { equals: { key: 'anchor', value: 'time-to-act' } }] } },
      },
    });
    const { client: empty } = fakeClient(() => []);
    expect(await new BedrockRunbookIndex(empty, 'KB').timeToAct('data-exfiltration', 'SEV1')).toBeNull();
  });

  it('gives back the sections it was loaded with: the Knowledge Base documents round-trip', async () => {
    const runbooks = await loadRunbooks();
    const documents = new Map(knowledgeBaseDocuments(runbooks).map((d) => [d.key, d.body]));
    const { client } = fakeClient(() =>
      runbooks.flatMap((runbook) =>
        runbook.sections.map((s) => {
          const key = `${runbook.id}/${s.anchor}.md`;
          return { content: { text: documents.get(key)! }, metadata: JSON.parse(documents.get(`${key}.metadata.json`)!).metadataAttributes, score: 1 };
        }),
      ),
    );
    const passages = await new BedrockRunbookIndex(client, 'KB').retrieve('anything', { limit: 100 });
    const sections = runbooks.flatMap((r) => r.sections.map((s) => ({ runbook: r.id, anchor: s.anchor, text: s.text, steps: s.steps })));
    expect(passages.map((p) => ({ runbook: p.runbook, anchor: p.anchor, text: p.text, steps: p.steps }))).toEqual(sections);
  });
});
