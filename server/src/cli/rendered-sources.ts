/**
 * `helm template … | archlens check -`: Helm prints every rendered document under a
 * `# Source: chart/templates/x.yaml` comment. Findings are shown in that file, at their line
 * within the document (counted from the line after the comment), so a stream of fifty documents
 * reads as findings in the templates that produced them rather than at line 4817 of `<stdin>`.
 */
import * as path from 'node:path';
import type { LineIndex } from '../core/text';
import type { Finding, InputProblem, Position, Range, RelatedLocation } from '../core/types';

const DOCUMENT_START = /^---(?:\s|$)/;
const SOURCE_COMMENT = /^#\s*Source:\s*(.+?)\s*$/;

/** One document of the stream; `source` is set when a `# Source:` comment names its template. */
export interface RenderedDocument {
  /** First line of the document (after its `---`). */
  startLine: number;
  /** Absolute path of the template the comment names (resolved against the current folder). */
  source?: string;
  /** The stream line that is line 0 of the template's output: the line after the comment. */
  firstLine: number;
}

/** The documents of a stream and their `# Source:` comments (one linear pass). */
export function renderedDocuments(lines: LineIndex, cwd: string): RenderedDocument[] {
  const documents: RenderedDocument[] = [];
  let current: RenderedDocument = { startLine: 0, firstLine: 0 };
  let inHeader = true;
  for (let line = 0; line < lines.lineCount; line++) {
    const text = lines.lineText(line);
    if (DOCUMENT_START.test(text)) {
      documents.push(current);
      current = { startLine: line + 1, firstLine: line + 1 };
      inHeader = true;
      continue;
    }
    if (!inHeader) continue;
    const source = SOURCE_COMMENT.exec(text);
    if (source) {
      current.source = path.resolve(cwd, source[1]);
      current.firstLine = line + 1;
    } else if (text.trim() !== '' && !text.startsWith('#')) {
      // The comment must come before the document's content: a `# Source:` further down is just a comment.
      inHeader = false;
    }
  }
  documents.push(current);
  return documents;
}

/** True when at least one document names its template: only then are findings moved. */
export function hasRenderedSources(documents: readonly RenderedDocument[]): boolean {
  return documents.some((d) => d.source !== undefined);
}

/** Maps stream positions to the templates that produced them. */
export class RenderedSourceMap {
  constructor(private readonly documents: readonly RenderedDocument[], private readonly stream: string) {}

  /** The file and range a stream range is shown at: its template's, or the stream's own. */
  place(range: Range): { file: string; range: Range } {
    const document = this.documentAt(range.start.line);
    if (!document?.source || range.start.line < document.firstLine) return { file: this.stream, range };
    const shift = (p: Position): Position => ({ line: Math.max(0, p.line - document.firstLine), character: p.character });
    return { file: document.source, range: { start: shift(range.start), end: shift(range.end) } };
  }

  /**
   * A finding placed in its template. Its fixes are dropped: they edit the rendered text, which is
   * not the template's text, so applied there they would change the wrong lines.
   */
  placeFinding(finding: Finding): Finding {
    const where = this.place(finding.range);
    if (where.file === this.stream) return finding;
    const related = finding.related?.map((r): RelatedLocation => {
      if (r.file) return r;
      const placed = this.place(r.range);
      return { ...r, file: placed.file, range: placed.range };
    });
    return { ...finding, file: where.file, range: where.range, fixes: [], ...(related ? { related } : {}) };
  }

  placeProblem(problem: InputProblem): { file: string; problem: InputProblem } {
    if (!problem.range) return { file: this.stream, problem };
    const where = this.place(problem.range);
    return { file: where.file, problem: { ...problem, range: where.range } };
  }

  /** Every file the stream names, in stream order, without repeats. */
  sources(): string[] {
    return [...new Set(this.documents.flatMap((d) => (d.source ? [d.source] : [])))];
  }

  /** Binary search: the last document starting at or before the line. */
  private documentAt(line: number): RenderedDocument | undefined {
    let lo = 0;
    let hi = this.documents.length - 1;
    if (hi < 0) return undefined;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.documents[mid].startLine <= line) lo = mid;
      else hi = mid - 1;
    }
    return this.documents[lo];
  }
}
