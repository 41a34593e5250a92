import { knowledgeBaseDocuments } from '../../../../pipeline-infra/alerts/runbooks/knowledge-base-documents.js';
import { loadRunbooks } from '../../../../pipeline-infra/alerts/runbooks/load-runbooks.js';
import type { Runbook } from '../../../../pipeline-infra/alerts/runbooks/parse-runbook.js';

describe('knowledgeBaseDocuments', () => {
  let runbooks: Runbook[];
  beforeAll(async () => (runbooks = await loadRunbooks()));

  it('writes one Markdown document per section, with the runbook title and the section heading on top', () => {
    const documents = knowledgeBaseDocuments(runbooks).filter((d) => d.key.endsWith('.md'));
    expect(documents).toHaveLength(runbooks.reduce((n, r) => n + r.sections.length, 0));
    expect(new Set(documents.map((d) => d.key)).size).toBe(documents.length);
    const actions = documents.find((d) => d.key === 'ddos-syn-flood/immediate-actions.md')!;
    expect(actions.body.startsWith('# DDoS and SYN flood\n\n## Immediate actions\n\n1. ')).toBe(true);
    expect(actions.body).toContain('Shield Response Team');
    expect(actions.body).not.toContain('## Time to act');
  });

  it('writes a metadata sidecar beside each document in the Knowledge Base format', () => {
    const documents = knowledgeBaseDocuments(runbooks);
    const sidecars = documents.filter((d) => d.key.endsWith('.md.metadata.json'));
    expect(sidecars).toHaveLength(documents.length / 2);
    for (const sidecar of sidecars) {
      expect(documents.some((d) => `${d.key}.metadata.json` === sidecar.key)).toBe(true);
      const parsed = JSON.parse(sidecar.body) as { metadataAttributes: Record<string, unknown> };
      expect(Object.keys(parsed)).toEqual(['metadataAttributes']);
      expect(Object.keys(parsed.metadataAttributes).sort()).toEqual(['anchor', 'runbook', 'runbook_title', 'section']);
      expect(Object.values(parsed.metadataAttributes).every((v) => typeof v === 'string' && v !== '')).toBe(true);
    }
    expect(JSON.parse(documents.find((d) => d.key === 'brute-force/time-to-act.md.metadata.json')!.body)).toEqual({
      metadataAttributes: { runbook: 'brute-force', runbook_title: 'Brute force and password guessing', section: 'Time to act', anchor: 'time-to-act' },
    });
  });

  it('is empty for no runbooks', () => {
    expect(knowledgeBaseDocuments([])).toEqual([]);
  });
});
