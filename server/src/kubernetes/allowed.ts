/**
 * A pod template's allowed arch set: nodeSelector ∩ (∪ over required nodeSelectorTerms
 * of ∩ over each term's arch expressions), within the target architectures of the pod's OS.
 * Values are normalised (x86_64 → amd64); a value that maps to nothing (`banana`) counts
 * as no arch: `In [banana]` or `nodeSelector: {kubernetes.io/arch: banana}` allow none (no node has
 * that label value), and the expression still makes the pod constrained. AL101 reports such a value;
 * AL104 stays silent when the set is empty only because of it (`ignoreUnmapped`), so it is reported once.
 */
import { normalizeArchLabel, normalizePlatform, type Platform } from '../images/platform';
import { intersect, union } from '../images/archset';
import type { MatchExpression, NodeSelectorTerm, PodConstraints, SelectorEntry } from './model';

export interface TermArchs {
  term: NodeSelectorTerm;
  /** Arch set the term allows; all of the universe when it has no arch expression. */
  allowed: Set<string>;
  /** True when the term has at least one (usable) arch expression. */
  constrains: boolean;
  /** A term with no expressions at all: matches no node. */
  empty: boolean;
}

export interface AllowedArchs {
  /** The target architectures of the pod's OS: "every node" for this pod. */
  universe: Set<string>;
  os: string;
  allowed: Set<string>;
  /** At least one arch expression in nodeSelector or a required term. */
  constrained: boolean;
  /** Set by nodeSelector arch keys; undefined when nodeSelector has none. */
  nodeSelector?: { allowed: Set<string>; entries: SelectorEntry[]; duplicate: boolean };
  /** Per required term; empty when there are no required terms. */
  terms: TermArchs[];
  /** ∪ of the terms; undefined when there are no required terms. */
  affinity?: Set<string>;
  /** An arch value that maps to no architecture took part (it contributed no arch). */
  unmapped: boolean;
}

export interface AllowedOptions {
  /**
   * Treat an entry or expression whose values all map to nothing as no constraint at all (AL104
   * uses this to tell "empty because of a mistyped value" — AL101's finding — from a real conflict).
   */
  ignoreUnmapped?: boolean;
}

/** Canonical arch of a label value, or undefined when it maps to nothing. */
export function archOfValue(value: string): string | undefined {
  return normalizeArchLabel(value)?.arch;
}

/** The pod's OS: the `kubernetes.io/os` value its constraints require, else linux. */
export function podOs(constraints: PodConstraints): string {
  for (const entry of constraints.nodeSelector) {
    if (entry.label === 'os' && entry.value) return entry.value.text.trim().toLowerCase();
  }
  for (const term of constraints.terms) {
    for (const e of term.expressions) {
      if (e.labelKind?.label === 'os' && e.operator?.text === 'In' && e.values.length > 0) return e.values[0].text.trim().toLowerCase();
    }
  }
  return 'linux';
}

/**
 * The architectures a Windows node can have when the targets name no Windows platform: Kubernetes
 * runs Windows worker nodes on amd64 only (Windows Server ships for x64; there is no arm64 Windows
 * node). Without this, every `-windows-ltsc2022-amd64` image of a Windows DaemonSet "may land on
 * arm64" (kubernetes-csi/csi-driver-smb's deploy/v0.x).
 */
const WINDOWS_NODE_ARCHS: ReadonlySet<string> = new Set(['amd64']);

/**
 * Target architectures for an OS. When no target has that OS, the targets' architectures — for
 * Windows those Windows nodes can have (WINDOWS_NODE_ARCHS), unless none of the targets is one.
 */
export function universeFor(targets: readonly Platform[], os: string): Set<string> {
  const normalized = targets.map((t) => normalizePlatform(t));
  const same = normalized.filter((t) => t.os === os);
  if (same.length > 0) return new Set(same.map((t) => t.architecture));
  const archs = new Set(normalized.map((t) => t.architecture));
  if (os === 'windows') {
    const windows = intersect(archs, WINDOWS_NODE_ARCHS);
    if (windows.size > 0) return windows;
  }
  return archs;
}

/** What one match expression allows, or undefined when it is not a (usable) arch expression. */
export function expressionArchs(e: MatchExpression, universe: ReadonlySet<string>, options: AllowedOptions = {}): { archs: Set<string>; unmapped: boolean } | undefined {
  if (e.labelKind?.label !== 'arch') return undefined;
  const op = e.operator?.text;
  const archs = new Set<string>();
  let unmapped = false;
  if (op === 'In' || op === 'NotIn') {
    for (const v of e.values) {
      const arch = archOfValue(v.text);
      if (arch) archs.add(arch);
      else unmapped = true;
    }
    if (options.ignoreUnmapped && archs.size === 0 && unmapped) return undefined;
  }
  switch (op) {
    case 'In': return { archs: intersect(archs, universe), unmapped };
    case 'NotIn': return { archs: new Set([...universe].filter((a) => !archs.has(a))), unmapped };
    case 'Exists': return { archs: new Set(universe), unmapped };
    case 'DoesNotExist': return { archs: new Set(), unmapped }; // every node carries the arch label
    default: return undefined;
  }
}

export function computeAllowed(constraints: PodConstraints, targets: readonly Platform[], options: AllowedOptions = {}): AllowedArchs {
  const os = podOs(constraints);
  const universe = universeFor(targets, os);
  const result: AllowedArchs = { universe, os, allowed: new Set(universe), constrained: false, terms: [], unmapped: false };

  const archEntries = constraints.nodeSelector.filter((e) => e.label === 'arch');
  if (archEntries.length > 0) {
    let allowed: Set<string> | undefined;
    for (const entry of archEntries) {
      if (!entry.value) continue;
      const arch = archOfValue(entry.value.text);
      if (!arch) {
        if (options.ignoreUnmapped) continue;
        result.unmapped = true;
      }
      allowed = intersect(allowed ?? universe, new Set(arch ? [arch] : []));
    }
    if (allowed) {
      const keys = archEntries.filter((e) => !e.beta).length;
      result.nodeSelector = { allowed, entries: archEntries, duplicate: keys > 1 || archEntries.length - keys > 1 };
      result.constrained = true;
      result.allowed = intersect(result.allowed, allowed);
    }
  }

  if (constraints.terms.length > 0) {
    for (const term of constraints.terms) {
      const empty = term.expressions.length === 0 && term.fieldCount === 0;
      let allowed = empty ? new Set<string>() : new Set(universe);
      let constrains = false;
      for (const e of term.expressions) {
        const found = expressionArchs(e, universe, options);
        if (!found) continue;
        constrains = true;
        if (found.unmapped) result.unmapped = true;
        allowed = intersect(allowed, found.archs);
      }
      result.terms.push({ term, allowed, constrains, empty });
    }
    result.affinity = union(...result.terms.map((t) => t.allowed));
    if (result.terms.some((t) => t.constrains)) result.constrained = true;
    result.allowed = intersect(result.allowed, result.affinity);
  }
  return result;
}
