/** `archlens rules`: the catalog as text, JSON or a markdown table (the README's rule list). */
import { ruleDocUrl } from '../core/rule';
import { allRuleMetas } from '../rules/catalog';

export type RulesFormat = 'text' | 'json' | 'markdown';

export function formatRules(format: RulesFormat): string {
  const metas = allRuleMetas();
  if (format === 'json') {
    return JSON.stringify(metas.map((m) => ({ ...m, docs: ruleDocUrl(m.code) })), null, 2) + '\n';
  }
  if (format === 'markdown') {
    const lines = ['| code | name | kind | default | files | what it catches |', '|---|---|---|---|---|---|'];
    for (const m of metas) {
      const cell = (s: string) => s.replace(/\|/g, '\\|');
      lines.push(`| [${m.code}](docs/rules/${m.code}.md) | ${m.name} | ${m.kind} | ${m.defaultSeverity} | ${m.fileKinds.join(', ')} | ${cell(m.summary)} |`);
    }
    return lines.join('\n') + '\n';
  }
  const width = Math.max(4, ...metas.map((m) => m.name.length));
  const lines = metas.map((m) => `${m.code}  ${m.name.padEnd(width)}  ${m.kind.padEnd(8)}  ${m.defaultSeverity.padEnd(7)}  ${m.summary}`);
  return (lines.length ? lines.join('\n') : '(no rules registered)') + '\n';
}
