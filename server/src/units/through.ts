/**
 * A file several units build (a Kustomize base that overlays share) has each unit's findings; those
 * alike but for the unit they are seen through are shown once, naming each unit: a base shared by
 * twenty overlays with an image that cannot be looked up says so once, not twenty times.
 */
import type { Finding, FindingThrough } from '../core/types';

/** Names shown before "and N more". */
const SHOWN = 3;

/** What the message says of the units a finding is seen through: " (overlay ../prod)", " (overlays ../a, ../b and 5 more)". */
export function throughNote(through: FindingThrough): string {
  const { kind, names } = through;
  if (names.length === 1) return ` (${kind} ${names[0]})`;
  const shown = names.slice(0, SHOWN);
  const more = names.length - shown.length;
  const list = more > 0 ? `${shown.join(', ')} and ${more} more` : `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
  return ` (${kind}s ${list})`;
}

function rangeKey(f: Finding): string {
  const r = f.range;
  return `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
}

/** The findings of one file, those alike but for the unit they are seen through merged (first place kept). */
export function mergeThrough(findings: readonly Finding[]): Finding[] {
  const out: Finding[] = [];
  const groups = new Map<string, Finding>();
  for (const f of findings) {
    const through = f.unit?.through;
    const note = through && throughNote(through);
    if (!through || !note || !f.message.endsWith(note)) {
      out.push(f);
      continue;
    }
    const base = f.message.slice(0, f.message.length - note.length);
    const key = [f.file ?? '', f.rule, rangeKey(f), f.severity, through.kind, base].join('\u0000');
    const seen = groups.get(key);
    if (!seen) {
      const copy: Finding = { ...f, unit: { ...f.unit!, through: { kind: through.kind, names: [...through.names] } } };
      groups.set(key, copy);
      out.push(copy);
      continue;
    }
    const merged = seen.unit!.through!;
    for (const name of through.names) if (!merged.names.includes(name)) merged.names.push(name);
    merged.names.sort();
    seen.message = base + throughNote(merged);
    // Each unit's fixes edit that unit's own files: every one stays on offer.
    const titles = new Set((seen.fixes ?? []).map((x) => x.title));
    const extra = (f.fixes ?? []).filter((x) => !titles.has(x.title));
    if (extra.length > 0) seen.fixes = [...(seen.fixes ?? []), ...extra];
  }
  return out;
}
