import MiniSearch from 'minisearch';
import { searchTerm, words } from '../../search/bm25-terms.js';
import type { Severity } from '../alert.js';
import { loadRunbooks, DEFAULT_RUNBOOKS_DIR } from './load-runbooks.js';
import { timeToActIn, type Runbook } from './parse-runbook.js';
import { citationOf, TIME_TO_ACT_ANCHOR, type RetrieveOptions, type RunbookIndex, type RunbookPassage, type TimeToAct } from './runbook-index.js';

interface SectionDocument {
  id: number;
  title: string;
  heading: string;
  text: string;
  kinds: string;
  metrics: string;
}

// Names matter more than prose: an alert's kind or metric name says which runbook answers it.
const FIELD_BOOSTS = { kinds: 2, metrics: 3, title: 2, heading: 1.5, text: 1 };
/**
 * The embedded runbook index: BM25 (MiniSearch) over the runbooks' sections, one document per
 * section, so the best match is a section an alert can cite.
 */
export class LocalRunbookIndex implements RunbookIndex {
  private readonly search: MiniSearch<SectionDocument>;
  private readonly passages: Array<Omit<RunbookPassage, 'score'>> = [];
  private readonly runbooks = new Map<string, Runbook>();

  constructor(runbooks: readonly Runbook[]) {
    this.search = new MiniSearch<SectionDocument>({
      fields: Object.keys(FIELD_BOOSTS),
      tokenize: words,
      processTerm: searchTerm,
      // Prefixes only for longer words, so `fragment` finds `fragmentation` but `port` not `portal`.
      searchOptions: { boost: FIELD_BOOSTS, combineWith: 'OR', prefix: (term) => term.length >= 5, fuzzy: false },
    });
    const documents: SectionDocument[] = [];
    for (const runbook of runbooks) {
      if (this.runbooks.has(runbook.id)) throw new Error(`two runbooks with the id ${runbook.id}`);
      this.runbooks.set(runbook.id, runbook);
      for (const section of runbook.sections) {
        const id = this.passages.length;
        this.passages.push({
          runbook: runbook.id,
          runbookTitle: runbook.title,
          section: section.heading,
          anchor: section.anchor,
          citation: citationOf(runbook.id, section.anchor),
          text: section.text,
          steps: section.steps,
        });
        documents.push({ id, title: runbook.title, heading: section.heading, text: section.text, kinds: runbook.alertKinds.join(' '), metrics: runbook.metrics.join(' ') });
      }
    }
    this.search.addAll(documents);
  }

  static async fromDirectory(dir: string = DEFAULT_RUNBOOKS_DIR): Promise<LocalRunbookIndex> {
    return new LocalRunbookIndex(await loadRunbooks(dir));
  }

  async retrieve(query: string, { limit = 3, runbook, section }: RetrieveOptions = {}): Promise<RunbookPassage[]> {
    const wanted = (id: number) => {
      const passage = this.passages[id]!;
      return (runbook === undefined || passage.runbook === runbook) && (section === undefined || passage.anchor === section);
    };
    const hits = this.search.search(query, runbook === undefined && section === undefined ? {} : { filter: (hit) => wanted(hit.id as number) });
    return hits.slice(0, Math.max(0, limit)).map((hit) => ({ ...this.passages[hit.id as number]!, score: hit.score }));
  }

  async timeToAct(runbookId: string, severity: Severity): Promise<TimeToAct | null> {
    const runbook = this.runbooks.get(runbookId);
    const line = runbook ? timeToActIn(runbook, severity) : null;
    return line && { ...line, citation: citationOf(runbookId, TIME_TO_ACT_ANCHOR) };
  }
}
