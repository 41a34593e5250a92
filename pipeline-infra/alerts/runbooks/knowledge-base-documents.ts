import type { Runbook } from './parse-runbook.js';

export interface KnowledgeBaseDocument {
  /** The S3 key under the data source's prefix. */
  key: string;
  body: string;
}

/**
 * What to upload to the Knowledge Base's S3 data source: one Markdown document per section
 * (`<id>/<anchor>.md`), so a retrieved chunk is one citable section, and beside it the
 * `<id>/<anchor>.md.metadata.json` sidecar Bedrock reads for the section's metadata, which
 * `BedrockRunbookIndex` filters on and cites from.
 */
export function knowledgeBaseDocuments(runbooks: readonly Runbook[]): KnowledgeBaseDocument[] {
  return runbooks.flatMap((runbook) =>
    runbook.sections.flatMap((section) => {
      const key = `${runbook.id}/${section.anchor}.md`;
      const metadata = { metadataAttributes: { runbook: runbook.id, runbook_title: runbook.title, section: section.heading, anchor: section.anchor } };
      return [
        { key, body: `# ${runbook.title}\n\n## ${section.heading}\n\n${section.text}\n` },
        { key: `${key}.metadata.json`, body: `${JSON.stringify(metadata, null, 2)}\n` },
      ];
    }),
  );
}
