/** Every rule's metadata, from the analysers that own the rules: one source for `archlens rules`, config and SARIF. */
import { allAnalyzers } from '../engine/analyzers';
import type { RuleMeta } from '../engine/rule';

let cached: RuleMeta[] | undefined;

export function allRuleMetas(): RuleMeta[] {
  if (!cached) {
    const byCode = new Map<string, RuleMeta>();
    for (const analyzer of allAnalyzers()) for (const rule of analyzer.rules) byCode.set(rule.meta.code, rule.meta);
    cached = [...byCode.values()].sort((a, b) => a.code.localeCompare(b.code));
  }
  return cached;
}

/** A rule code for a code or a name ("al202", "unconstrained-single-arch" → "AL202"), or undefined. */
export function ruleCodeFor(codeOrName: string): string | undefined {
  const wanted = codeOrName.trim();
  const meta = allRuleMetas().find((m) => m.code.toLowerCase() === wanted.toLowerCase() || m.name === wanted.toLowerCase());
  return meta?.code;
}
