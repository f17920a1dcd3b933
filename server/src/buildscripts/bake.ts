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
import type { BuildModel, BuildOutput, BuildSite, Insertion, PlatformItem, PlatformSpec, WrittenValue } from './model';
import { expandBake, type Binding, type Value } from './values';
import { readYamlDocuments } from '../core/yaml/documents';
import { entriesOf, valueOf, type KNode } from '../core/yaml/knode';
import { indentAt, rangeOfNode } from './layout';

/** A string list (or its absence, or a value archlens cannot read statically). */
type StringList = { kind: 'list'; items: string[] } | { kind: 'dynamic' };

/** A string as written (interpolations kept), for the workspace image map. */
interface RawString { raw: string; range: Range }
/** A list of strings as written, or why it cannot be read statically. */
type RawList = RawString[] | { other: string };

interface BakeTarget {
  name: string;
  range: Range;
  line: number;
  inherits: string[];
  platforms?: PlatformSpec;
  output?: StringList;
  tags?: StringList;
  addPlatforms?: Insertion;
  /** Names, context, Dockerfile and platforms as written, resolved through `variable` defaults for the image map. */
  rawTags?: RawList;
  rawContext?: RawString | { other: string };
  rawDockerfile?: RawString | { other: string };
  rawPlatforms?: RawList;
  /** The outputs as written (`type=docker,dest=${DIR}/app.tar`: a file whatever DIR is). */
  rawOutput?: RawList;
}

interface BakeFile { targets: Map<string, BakeTarget>; grouped: Set<string>; variables: Map<string, Binding> }

/**
 * docker/metadata-action's bake convention: targets inherit an (empty) `docker-metadata-action`
 * target whose tags the action fills in for the registry, so the target is built to be pushed.
 */
const METADATA_ACTION_TARGET = 'docker-metadata-action';


/** Builds the model from targets and groups, whatever the syntax. */
/** `paths`: a file of another name is run with `bake --file` from somewhere else (frigate's make runs docker/rockchip/rk.hcl from the root). */
function toModel(file: BakeFile, paths: 'file' | 'cwd' = 'file'): BuildModel {
  const inherited = new Set<string>();
  for (const t of file.targets.values()) t.inherits.forEach((p) => inherited.add(p));
  const resolve = <K extends 'platforms' | 'output' | 'tags' | 'rawTags' | 'rawContext' | 'rawDockerfile' | 'rawPlatforms' | 'rawOutput'>(name: string, key: K, depth = 0): BakeTarget[K] | undefined => {
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
    // A tag naming a registry is a push unless every output the target names writes a file or
    // directory (reth's hive target: `type=docker,dest=.../reth_image.tar` for the test harness).
    else if (registryTag && !writesFiles(resolve(target.name, 'rawOutput'))) push = { how: `tag ${registryTag} names a registry` };
    const platforms = resolve(target.name, 'platforms') ?? { kind: 'none' };
    const lookup = (v: string) => file.variables.get(v);
    const value = (w: RawString): WrittenValue => ({ value: expandBake(w.raw, lookup), range: w.range });
    const unknown = (why: string): Value => [{ text: '', unknown: why }];
    const rawTags = resolve(target.name, 'rawTags');
    const rawContext = resolve(target.name, 'rawContext');
    const rawDockerfile = resolve(target.name, 'rawDockerfile');
    const rawPlatforms = resolve(target.name, 'rawPlatforms');
    const built: BuildOutput = { names: [], paths, dockerfileInContext: true, platforms: { kind: 'none' } };
    if (Array.isArray(rawTags)) built.names = rawTags.map(value);
    else if (rawTags) built.names = [{ value: unknown(rawTags.other), range: target.range }];
    built.context = rawContext && 'raw' in rawContext ? value(rawContext) : rawContext ? { value: unknown(rawContext.other), range: target.range } : { value: [{ text: '.' }], range: target.range };
    if (rawDockerfile) built.dockerfile = 'raw' in rawDockerfile ? value(rawDockerfile) : { value: unknown(rawDockerfile.other), range: target.range };
    if (platforms.kind === 'list') built.platforms = { kind: 'list', items: platforms.items.map((i) => [{ text: i.text }]) };
    else if (Array.isArray(rawPlatforms)) built.platforms = { kind: 'list', items: rawPlatforms.map((p) => value(p).value) };
    else if (rawPlatforms) built.platforms = { kind: 'list', items: [unknown(rawPlatforms.other)] };
    builds.push({
      what: `Bake target "${target.name}"`,
      option: 'platforms',
      range: target.range,
      anchors: [target.line],
      platforms,
      push,
      addPlatforms: target.addPlatforms,
      outputs: [built],
    });
  }
  return { kind: 'bake', builds, composePlatforms: [], mirrors: [], copyTools: [] };
}

// ---- raw values (image map) ----

function hclRaw(value: HclValue, text: string, lines: LineIndex): RawString | { other: string } {
  if (value.kind !== 'string') return { other: `${text.slice(value.start, value.end)} is computed by Bake` };
  return { raw: value.dynamic ? text.slice(value.start + 1, value.end - 1) : value.value, range: lines.range(value.start + 1, value.end - 1) };
}

function hclRawList(value: HclValue, text: string, lines: LineIndex): RawList {
  if (value.kind !== 'list') return { other: `${text.slice(value.start, Math.min(value.end, value.start + 60))} is computed by Bake` };
  const out: RawString[] = [];
  for (const item of value.items) {
    const raw = hclRaw(item, text, lines);
    if (!('raw' in raw)) return raw;
    out.push(raw);
  }
  return out;
}

function jsonRaw(node: KNode | undefined, lines: LineIndex): RawString | { other: string } | undefined {
  if (!node) return undefined;
  const s = jsonString(node);
  return s === undefined ? { other: 'not a string' } : { raw: s, range: rangeOfNode(node, lines) };
}

function jsonRawList(node: KNode | undefined, lines: LineIndex): RawList | undefined {
  if (!node) return undefined;
  if (node.type !== 'seq') return { other: 'not a list' };
  const out: RawString[] = [];
  for (const item of node.items) {
    const raw = jsonRaw(item, lines);
    if (!raw || !('raw' in raw)) return { other: 'not a list of strings' };
    out.push(raw);
  }
  return out;
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

/** A buildx output that writes the image to a file or directory (`dest=`, `type=local`, `type=tar`) or nowhere (`type=cacheonly`). */
function writesFile(value: string): boolean {
  const fields = value.split(',').map((f) => f.trim().toLowerCase());
  return fields.some((f) => f.startsWith('dest=') || f === 'type=local' || f === 'type=tar' || f === 'type=cacheonly');
}

/** A target names outputs, as written, and every one writes a file (or nothing). */
function writesFiles(outputs: RawList | undefined): boolean {
  return Array.isArray(outputs) && outputs.length > 0 && outputs.every((o) => writesFile(o.raw));
}

/** `docker-bake.hcl`, `docker-bake.override.json`: the names Bake reads by default. */
export function isBakeFileName(file: string): boolean {
  return /^docker-bake(?:\..+)?\.(?:hcl|json)$/.test(file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1));
}

/** A Bake `target` block (label quoted or bare), which no Terraform, Vault or Consul HCL file has. */
const TARGET_BLOCK = /^[ \t]*target[ \t]+(?:"[^"\n]*"|[A-Za-z_][\w-]*)[ \t]*\{/m;

/**
 * The targets of a Bake HCL file. A file of another name (`rk.hcl`, passed with `bake --file`) is
 * read only when it has a `target` block: other HCL (Terraform, Vault, Consul) is none of archlens's
 * business, its syntax errors included.
 */
export function parseBakeHcl(text: string, bakeName = true): ParseOutcome<BuildModel> {
  if (!bakeName && !TARGET_BLOCK.test(text)) return { model: toModel({ targets: new Map(), grouped: new Set(), variables: new Map() }), problems: [] };
  const lines = new LineIndex(text);
  const { body, errors } = parseHcl(text);
  const problems: InputProblem[] = errors.slice(0, 1).map((e) => ({ message: `HCL: ${e.message}`, range: lines.range(e.start, e.end) }));
  const file: BakeFile = { targets: new Map(), grouped: new Set(), variables: new Map() };
  for (const item of body) {
    if (item.type !== 'block' || item.labels.length === 0) continue;
    const block: HclBlock = item;
    const attr = (name: string) => block.body.find((b) => b.type === 'attribute' && b.name === name) as { value: HclValue } | undefined;
    if (block.name === 'variable') {
      const def = attr('default');
      const raw = def ? hclRaw(def.value, text, lines) : undefined;
      const name = block.labels[0].value;
      if (raw && 'raw' in raw) file.variables.set(name, { value: raw.raw, definition: { line: lines.positionAt(def!.value.start).line } });
      else file.variables.set(name, { ambiguous: raw ? `\${${name}} ${raw.other.replace(/^.* is /, 'is ')}` : `\${${name}} has no default` });
      continue;
    }
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
      rawTags: tags ? hclRawList(tags.value, text, lines) : undefined,
      rawPlatforms: platforms ? hclRawList(platforms.value, text, lines) : undefined,
      rawOutput: output ? hclRawList(output.value, text, lines) : undefined,
      rawContext: attr('context') ? hclRaw(attr('context')!.value, text, lines) : undefined,
      rawDockerfile: attr('dockerfile') ? hclRaw(attr('dockerfile')!.value, text, lines) : undefined,
      addPlatforms: block.close < text.length
        ? blockInsertion(lines, block.open, block.close, block.body[0]?.start, block.start, (indent) => ({ prefix: `${indent}platforms = [`, suffix: ']' }))
        : undefined,
    });
  }
  return { model: toModel(file, bakeName ? 'file' : 'cwd'), problems };
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
  const file: BakeFile = { targets: new Map(), grouped: new Set(), variables: new Map() };
  const root = roots[0];
  if (!root) return { model: toModel(file), problems };
  for (const group of entriesOf(valueOf(root, 'group'))) {
    const list = jsonStrings(valueOf(group.value, 'targets'));
    if (list?.kind === 'list') list.items.forEach((t) => file.grouped.add(t));
  }
  for (const variable of entriesOf(valueOf(root, 'variable'))) {
    const def = jsonRaw(valueOf(variable.value, 'default'), lines);
    if (variable.keyText === undefined) continue;
    if (def && 'raw' in def) file.variables.set(variable.keyText, { value: def.raw, definition: { line: def.range.start.line } });
    else file.variables.set(variable.keyText, { ambiguous: `\${${variable.keyText}} has no string default` });
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
      rawTags: jsonRawList(valueOf(body, 'tags'), lines),
      rawPlatforms: jsonRawList(platformsNode, lines),
      rawOutput: jsonRawList(valueOf(body, 'output'), lines),
      rawContext: jsonRaw(valueOf(body, 'context'), lines),
      rawDockerfile: jsonRaw(valueOf(body, 'dockerfile'), lines),
      addPlatforms: insertion,
    });
  }
  return { model: toModel(file), problems };
}
