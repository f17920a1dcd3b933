/**
 * Bake files (docker-bake.hcl / docker-bake.json): targets with their `platforms` and `output`,
 * resolved through `inherits` (later parents override earlier ones, the target overrides all).
 * A target only inherited by others and named by no group is a template, judged through its children.
 */
import type { ParseOutcome } from '../core/analyzer';
import { LineIndex } from '../core/text';
import type { InputProblem, Range } from '../core/types';
import { parseHcl, type HclBlock, type HclValue } from './hcl';
import { namesRegistry, pushingOutput } from './names';
import type { BuildModel, BuildSite, Insertion, PlatformItem, PlatformSpec } from './model';
import { readYamlDocuments } from '../core/yaml/documents';
import { entriesOf, valueOf, type KNode } from '../core/yaml/knode';
import { indentAt, rangeOfNode } from './layout';

/** A string list (or its absence, or a value archlens cannot read statically). */
type StringList = { kind: 'list'; items: string[] } | { kind: 'dynamic' };

interface BakeTarget {
  name: string;
  range: Range;
  line: number;
  inherits: string[];
  platforms?: PlatformSpec;
  output?: StringList;
  tags?: StringList;
  addPlatforms?: Insertion;
}

interface BakeFile { targets: Map<string, BakeTarget>; grouped: Set<string> }

/**
 * docker/metadata-action's bake convention: targets inherit an (empty) `docker-metadata-action`
 * target whose tags the action fills in for the registry, so the target is built to be pushed.
 */
const METADATA_ACTION_TARGET = 'docker-metadata-action';


/** Builds the model from targets and groups, whatever the syntax. */
function toModel(file: BakeFile): BuildModel {
  const inherited = new Set<string>();
  for (const t of file.targets.values()) t.inherits.forEach((p) => inherited.add(p));
  const resolve = <K extends 'platforms' | 'output' | 'tags'>(name: string, key: K, depth = 0): BakeTarget[K] | undefined => {
    const target = file.targets.get(name);
    if (!target || depth > 20) return undefined;
    if (target[key] !== undefined) return target[key];
    for (const parent of [...target.inherits].reverse()) {
      const found = resolve(parent, key, depth + 1);
      if (found !== undefined) return found;
    }
    return undefined;
  };
  const inheritsFrom = (name: string, wanted: string, depth = 0): boolean => {
    const target = file.targets.get(name);
    if (!target || depth > 20) return false;
    return target.inherits.some((p) => p === wanted || inheritsFrom(p, wanted, depth + 1));
  };
  const builds: BuildSite[] = [];
  for (const target of file.targets.values()) {
    if (inherited.has(target.name) && !file.grouped.has(target.name)) continue;
    const output = resolve(target.name, 'output');
    const tags = resolve(target.name, 'tags');
    const pushOutput = output?.kind === 'list' ? output.items.find(pushingOutput) : undefined;
    const registryTag = tags?.kind === 'list' ? tags.items.find(namesRegistry) : undefined;
    let push: BuildSite['push'];
    if (pushOutput) push = { how: `output ${pushOutput}` };
    else if (inheritsFrom(target.name, METADATA_ACTION_TARGET)) push = { how: 'tags from docker/metadata-action' };
    else if (registryTag) push = { how: `tag ${registryTag} names a registry` };
    builds.push({
      what: `Bake target "${target.name}"`,
      option: 'platforms',
      range: target.range,
      anchors: [target.line],
      platforms: resolve(target.name, 'platforms') ?? { kind: 'none' },
      push,
      addPlatforms: target.addPlatforms,
    });
  }
  return { kind: 'bake', builds, composePlatforms: [], mirrors: [], copyTools: [] };
}

// ---- HCL ----

function hclStrings(value: HclValue): StringList {
  if (value.kind !== 'list') return { kind: 'dynamic' };
  const items: string[] = [];
  for (const item of value.items) {
    if (item.kind !== 'string' || item.dynamic) return { kind: 'dynamic' };
    items.push(item.value);
  }
  return { kind: 'list', items };
}

function hclPlatforms(value: HclValue, lines: LineIndex): PlatformSpec {
  if (value.kind !== 'list' || value.items.some((i) => i.kind !== 'string' || i.dynamic)) return { kind: 'dynamic' };
  const items: PlatformItem[] = value.items.map((i) => ({ text: (i as { value: string }).value, range: lines.range(i.start + 1, i.end - 1) }));
  const last = value.items[value.items.length - 1];
  const append: Insertion = last
    ? { offset: last.end, prefix: ', ', separator: ', ', suffix: '', quote: '"' }
    : { offset: value.start + 1, prefix: '', separator: ', ', suffix: '', quote: '"' };
  return { kind: 'list', items, range: lines.range(value.start, value.end), append };
}

/**
 * Where a new attribute line goes in a block: right after `{`, at the body's indentation. A block
 * written on one line is rewritten onto several (HCL allows a one-line block only with one attribute).
 */
function blockInsertion(lines: LineIndex, open: number, close: number, firstItemStart: number | undefined, blockStart: number, line: (indent: string) => { prefix: string; suffix: string }): Insertion {
  const eol = lines.eol;
  const blockIndent = indentAt(lines, blockStart).indent;
  const openLine = lines.positionAt(open).line;
  const sameLine = firstItemStart !== undefined && lines.positionAt(firstItemStart).line === openLine;
  const indent = firstItemStart !== undefined && !sameLine ? indentAt(lines, firstItemStart).indent : blockIndent + '  ';
  const { prefix, suffix } = line(indent);
  if (lines.positionAt(close).line === openLine && close < lines.text.length) {
    const inner = lines.text.slice(open + 1, close).trim();
    return { offset: open, deleteTo: close + 1, prefix: `{${eol}${prefix}`, separator: ', ', suffix: `${suffix}${inner ? eol + indent + inner : ''}${eol}${blockIndent}}`, quote: '"' };
  }
  return { offset: open + 1, prefix: eol + prefix, separator: ', ', suffix, quote: '"' };
}

export function parseBakeHcl(text: string): ParseOutcome<BuildModel> {
  const lines = new LineIndex(text);
  const { body, errors } = parseHcl(text);
  const problems: InputProblem[] = errors.slice(0, 1).map((e) => ({ message: `HCL: ${e.message}`, range: lines.range(e.start, e.end) }));
  const file: BakeFile = { targets: new Map(), grouped: new Set() };
  for (const item of body) {
    if (item.type !== 'block' || item.labels.length === 0) continue;
    const block: HclBlock = item;
    const attr = (name: string) => block.body.find((b) => b.type === 'attribute' && b.name === name) as { value: HclValue } | undefined;
    if (block.name === 'group') {
      const targets = attr('targets');
      const list = targets ? hclStrings(targets.value) : undefined;
      if (list?.kind === 'list') list.items.forEach((t) => file.grouped.add(t));
      continue;
    }
    if (block.name !== 'target') continue;
    const label = block.labels[0];
    const inherits = attr('inherits');
    const inheritList = inherits ? hclStrings(inherits.value) : undefined;
    const platforms = attr('platforms');
    const output = attr('output');
    const tags = attr('tags');
    file.targets.set(label.value, {
      name: label.value,
      range: lines.range(label.start, label.end),
      line: lines.positionAt(block.start).line,
      inherits: inheritList?.kind === 'list' ? inheritList.items : [],
      platforms: platforms ? hclPlatforms(platforms.value, lines) : undefined,
      output: output ? hclStrings(output.value) : undefined,
      tags: tags ? hclStrings(tags.value) : undefined,
      addPlatforms: block.close < text.length
        ? blockInsertion(lines, block.open, block.close, block.body[0]?.start, block.start, (indent) => ({ prefix: `${indent}platforms = [`, suffix: ']' }))
        : undefined,
    });
  }
  return { model: toModel(file), problems };
}

// ---- JSON ----

/** A JSON string is a double-quoted scalar; anything else (a number, null) is not one. */
function jsonString(node: KNode): string | undefined {
  return node.type === 'scalar' && node.style === 'double' ? node.text : undefined;
}

function jsonStrings(node: KNode | undefined): StringList | undefined {
  if (!node) return undefined;
  if (node.type !== 'seq') return { kind: 'dynamic' };
  const items = node.items.map(jsonString);
  return items.every((i) => i !== undefined && !i.includes('${')) ? { kind: 'list', items: items as string[] } : { kind: 'dynamic' };
}

export function parseBakeJson(text: string): ParseOutcome<BuildModel> {
  const lines = new LineIndex(text);
  const { roots, problems } = readYamlDocuments(text, lines, 'JSON');
  const file: BakeFile = { targets: new Map(), grouped: new Set() };
  const root = roots[0];
  if (!root) return { model: toModel(file), problems };
  for (const group of entriesOf(valueOf(root, 'group'))) {
    const list = jsonStrings(valueOf(group.value, 'targets'));
    if (list?.kind === 'list') list.items.forEach((t) => file.grouped.add(t));
  }
  for (const target of entriesOf(valueOf(root, 'target'))) {
    const body = target.value;
    if (body.type !== 'map' || target.keyText === undefined) continue;
    const inherits = jsonStrings(valueOf(body, 'inherits'));
    const platformsNode = valueOf(body, 'platforms');
    let platforms: PlatformSpec | undefined;
    if (platformsNode) {
      const list = jsonStrings(platformsNode);
      if (list?.kind === 'list' && platformsNode.type === 'seq') {
        const nodes = platformsNode.items;
        const last = nodes[nodes.length - 1];
        platforms = {
          kind: 'list',
          items: nodes.map((n) => ({ text: jsonString(n) ?? '', range: lines.range(n.start + 1, n.end - 1) })),
          range: rangeOfNode(platformsNode, lines),
          append: last
            ? { offset: last.end, prefix: ', ', separator: ', ', suffix: '', quote: '"' }
            : { offset: platformsNode.start + 1, prefix: '', separator: ', ', suffix: '', quote: '"' },
        };
      } else platforms = { kind: 'dynamic' };
    }
    const open = body.start;
    const firstKey = body.pairs[0]?.key;
    const insertion = text[open] === '{'
      ? blockInsertion(lines, open, body.end - 1, firstKey?.start, target.key.start, (indent) => ({ prefix: `${indent}"platforms": [`, suffix: firstKey ? '],' : ']' }))
      : undefined;
    file.targets.set(target.keyText, {
      name: target.keyText,
      range: rangeOfNode(target.key, lines),
      line: lines.positionAt(target.key.start).line,
      inherits: inherits?.kind === 'list' ? inherits.items : [],
      platforms,
      output: jsonStrings(valueOf(body, 'output')),
      tags: jsonStrings(valueOf(body, 'tags')),
      addPlatforms: insertion,
    });
  }
  return { model: toModel(file), problems };
}
