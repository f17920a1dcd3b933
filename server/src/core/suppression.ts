/**
 * `# archlens ignore=AL202,unconstrained-single-arch` on the line above, and
 * `# archlens global ignore=…` anywhere for the whole file. Read from the raw text so every file
 * kind (YAML, Dockerfile, shell, Makefile) shares one mechanism.
 */
import type { LineIndex } from './text';
import type { Finding } from './types';

const DIRECTIVE = /#\s*archlens\s+(global\s+)?ignore\s*=\s*([A-Za-z0-9_,\s-]+)/;

export interface Suppressions {
  global: Set<string>;
  /** Line (0-based) of the comment → rule codes or names it silences for the line below. */
  byLine: Map<number, Set<string>>;
}

export function parseSuppressions(lines: LineIndex): Suppressions {
  const result: Suppressions = { global: new Set(), byLine: new Map() };
  const text = lines.text;
  // Fast path: most files have no directive at all.
  if (!text.includes('archlens')) return result;
  for (let line = 0; line < lines.lineCount; line++) {
    const content = lines.lineText(line);
    if (!content.includes('archlens')) continue;
    const match = DIRECTIVE.exec(content);
    if (!match) continue;
    const ids = match[2].split(/[\s,]+/).filter(Boolean).map((s) => s.toUpperCase());
    if (match[1]) ids.forEach((id) => result.global.add(id));
    else result.byLine.set(line, new Set(ids));
  }
  return result;
}

/** The lines a directive may sit on to silence a finding at `line`: the comment block right above it. */
function directiveLinesAbove(lines: LineIndex, line: number): number[] {
  const found: number[] = [];
  for (let l = line - 1; l >= 0; l--) {
    const t = lines.lineText(l).trim();
    if (!t.startsWith('#')) break;
    found.push(l);
  }
  return found;
}

function matches(ids: Set<string>, finding: Finding): boolean {
  return ids.has(finding.rule.toUpperCase()) || ids.has(finding.name.toUpperCase()) || ids.has('ALL');
}

export function isSuppressed(finding: Finding, suppressions: Suppressions, lines: LineIndex): boolean {
  if (matches(suppressions.global, finding)) return true;
  if (suppressions.byLine.size === 0) return false;
  const anchors = [finding.range.start.line, ...(finding.suppressionAnchors ?? [])];
  for (const anchor of anchors) {
    for (const l of directiveLinesAbove(lines, anchor)) {
      const ids = suppressions.byLine.get(l);
      if (ids && matches(ids, finding)) return true;
    }
  }
  return false;
}
