/**
 * `.helmignore` rules with Helm's own semantics (pkg/ignore), which differ from .gitignore:
 * rules are tried in order and the first decision wins; a rule without "/" matches the base
 * name only; a rule with "/" matches the whole path relative to the chart; a trailing "/" limits
 * a rule to folders; "**" is refused; and a negated rule ignores every path it does NOT match
 * (a negated folder rule also ignores every file). Helm always adds `templates/.?*`.
 */
import { BadPatternError, goPathMatch } from './go-match';
import { baseName } from './source';

interface Rule {
  raw: string;
  pattern: string;
  negate: boolean;
  mustDir: boolean;
  /** What the pattern is matched against. */
  scope: 'base' | 'path';
}

export class HelmIgnore {
  private readonly rules: Rule[] = [];

  /** Parses a .helmignore file; throws with Helm's message for a rule Helm refuses. */
  static parse(text: string): HelmIgnore {
    const ignore = new HelmIgnore();
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      let line = lines[i];
      if (line.endsWith('\r')) line = line.slice(0, -1);
      if (i === 0 && line.startsWith('\uFEFF')) line = line.slice(1);
      ignore.addRule(line);
    }
    return ignore;
  }

  /** Helm's default rule: dot files inside templates/ are never templates. */
  addDefaults(): void {
    this.addRule('templates/.?*');
  }

  addRule(line: string): void {
    let rule = line.trim();
    if (rule === '' || rule.startsWith('#')) return;
    if (rule.includes('**')) throw new Error('double-star (**) syntax is not supported');
    try {
      goPathMatch(rule, 'abc');
    } catch (err) {
      if (err instanceof BadPatternError) throw new Error('syntax error in pattern');
      throw err;
    }
    const raw = rule;
    let negate = false;
    if (rule.startsWith('!')) {
      negate = true;
      rule = rule.slice(1);
    }
    let mustDir = false;
    if (rule.endsWith('/')) {
      mustDir = true;
      rule = rule.slice(0, -1);
    }
    let scope: Rule['scope'] = 'base';
    if (rule.startsWith('/')) {
      rule = rule.slice(1);
      scope = 'path';
    } else if (rule.includes('/')) {
      scope = 'path';
    }
    this.rules.push({ raw, pattern: rule, negate, mustDir, scope });
  }

  /** Whether the chart-relative path (POSIX, no leading "/") is ignored. */
  ignores(path: string, isDir: boolean): boolean {
    if (path === '' || path === '.' || path === './') return false;
    // Once per path, not once per rule: this runs for every file of the chart at every render.
    const base = baseName(path);
    for (const r of this.rules) {
      const matched = safeMatch(r.pattern, r.scope === 'base' ? base : path);
      if (r.negate) {
        if (r.mustDir && !isDir) return true;
        if (!matched) return true;
        continue;
      }
      if (r.mustDir && !isDir) continue;
      if (matched) return true;
    }
    return false;
  }
}

function safeMatch(pattern: string, name: string): boolean {
  try {
    return goPathMatch(pattern, name);
  } catch {
    return false; // Helm logs "failed to compile" and treats the rule as not matching
  }
}
