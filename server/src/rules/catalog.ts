/** Every rule's metadata: one source for `archlens rules`, config validation, settings and SARIF. */
import type { RuleMeta } from '../core/rule';
import { buildScriptRules } from './buildscripts';
import { dockerfileRules } from './dockerfile';
import { kubernetesRules } from './kubernetes';

let cached: RuleMeta[] | undefined;

export function allRuleMetas(): RuleMeta[] {
  if (!cached) {
    const byCode = new Map<string, RuleMeta>();
    for (const rule of [...kubernetesRules, ...dockerfileRules, ...buildScriptRules]) byCode.set(rule.meta.code, rule.meta);
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
