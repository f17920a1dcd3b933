/** Text → KubernetesModel: split, screen, parse (cached) and walk every document to its pod templates. */
import type { InputProblem } from '../core/types';
import { Memo } from '../core/memo';
import { LineIndex, loneCarriageReturnsAsLineFeeds } from '../core/text';
import { parseImageReference } from '../images/reference';
import { mapAt, pairOf, seqAt, scalarAt, textAt, toKNode, type KMap, type KNode, type KPair } from '../core/yaml/knode';
import type {
  Container, ContainerGroup, KubernetesModel, LabelKind, MatchExpression, MisplacedLabel, MisplacedWhere,
  NodeSelectorTerm, PodConstraints, PodTemplate, PreferredTerm, SelectorEntry, Toleration, Workload,
} from './model';
import { parseChunk, syntaxErrors } from './parse-cache';
import { screenChunk, splitDocuments } from './split';
import { SYNTAX_CHECK_MAX_CHARS } from '../core/yaml/split';
import { BRACED_FIELD, fillPlaceholderLines } from '../core/yaml/placeholders';

/** Keys under which an object carrying a `spec` with a pod template nests another such object. */
const NESTED_TEMPLATE_KEYS = [
  'template', 'jobTemplate', 'jobTargetRef', 'broadcastJobTemplate', 'statefulSetTemplate',
  'advancedStatefulSetTemplate', 'cloneSetTemplate', 'deploymentTemplate',
];
const CONTAINER_GROUPS: ContainerGroup[] = ['containers', 'initContainers', 'ephemeralContainers'];
const MAX_TEMPLATE_DEPTH = 8;

export function labelKindOf(key: string): LabelKind | undefined {
  switch (key) {
    case 'kubernetes.io/arch': return { label: 'arch', beta: false };
    case 'beta.kubernetes.io/arch': return { label: 'arch', beta: true };
    case 'kubernetes.io/os': return { label: 'os', beta: false };
    case 'beta.kubernetes.io/os': return { label: 'os', beta: true };
    default: return undefined;
  }
}

export interface ExtractResult {
  model: KubernetesModel;
  problems: InputProblem[];
}

export { SYNTAX_CHECK_MAX_CHARS } from '../core/yaml/split';

/**
 * Builds the model; syntax errors become problems for their document while the others are still read.
 * Only documents that can hold a pod template are modelled (split.ts); the others are checked for
 * syntax errors when they are small (SYNTAX_CHECK_MAX_CHARS), so a broken file never looks clean.
 */
export function extractModel(source: string, textLines?: LineIndex): ExtractResult {
  // istio's releasenotes/notes/45413.yaml ends its lines in a lone \r: YAML line breaks all the same.
  const text = loneCarriageReturnsAsLineFeeds(source);
  const problems: InputProblem[] = [];
  const model: KubernetesModel = { text, workloads: [], stats: { documents: 0, parsed: 0, skippedTemplates: 0, skippedCrds: 0 }, outline: [], memo: new Memo() };
  let lines: LineIndex | undefined = textLines;
  const report = (chunk: { start: number; end: number }, errors: ReturnType<typeof syntaxErrors>) => {
    lines ??= new LineIndex(text);
    for (const error of errors.slice(0, 3)) {
      const start = chunk.start + error.start;
      const end = Math.min(chunk.end, chunk.start + Math.max(error.end, error.start + 1));
      const message = error.nesting ? `${error.message}: this document is not analysed` : `YAML syntax error: ${error.message}; this document is not analysed`;
      problems.push({ message, range: lines.range(start, end), syntax: 'yaml' });
    }
  };
  const chunks = splitDocuments(text).map((chunk) => ({ chunk, verdict: screenChunk(chunk.text) }));
  let unparsedChars = 0;
  for (const { chunk, verdict } of chunks) if (verdict !== 'parse' && verdict !== 'template') unparsedChars += chunk.text.length;
  const checkSyntax = unparsedChars <= SYNTAX_CHECK_MAX_CHARS;
  for (const { chunk, verdict } of chunks) {
    model.stats.documents++;
    if (verdict === 'crd') model.stats.skippedCrds++;
    if (verdict === 'template') model.stats.skippedTemplates++;
    if (verdict !== 'parse') {
      // A Go/Helm template (`{{ … }}`) is not YAML until rendered: not ours to judge.
      let broken = false;
      if (verdict !== 'template' && checkSyntax && !chunk.text.includes('{{') && !FREEMARKER_DIRECTIVE.test(chunk.text)) {
        const errors = syntaxErrors(chunk.text);
        broken = errors.length > 0 && !onlyPlaceholders(chunk.text, errors);
        if (broken) report(chunk, errors);
      }
      model.outline.push(broken ? `${verdict} (syntax error)` : verdict);
      continue;
    }
    model.stats.parsed++;
    const parsed = parseChunk(chunk.text);
    if (parsed.errors.length > 0) {
      // A Go/Helm template that is not YAML until rendered: not ours to judge, say nothing.
      if (((chunk.text.includes('{{') || FREEMARKER_DIRECTIVE.test(chunk.text)) && !parsed.errors.some((e) => e.nesting)) || onlyPlaceholders(chunk.text, parsed.errors)) {
        model.stats.skippedTemplates++;
        model.outline.push('template (not YAML until rendered)');
        continue;
      }
      report(chunk, parsed.errors);
      model.outline.push('syntax error');
      continue;
    }
    const before = model.workloads.length;
    for (const doc of parsed.documents) {
      const root = toKNode(doc.contents, chunk.start, text, doc);
      collectWorkloads(text, root, chunk.start, chunk.end, model.workloads, 0);
    }
    const read = model.workloads.slice(before).map((w) => (w.name === undefined ? w.kind : `${w.kind}/${w.name}`));
    model.outline.push(`parsed: ${parsed.documents.length} document(s)${read.length > 0 ? `, ${read.join(' ')}` : ''}`);
  }
  if (problems.length > 0 && model.workloads.length === 0) {
    const why = notAManifest(text);
    if (why) return { model, problems: [{ message: `skipped: ${why}, and it is not valid YAML (${problems[0].message.replace(/[;:] this document is not analysed$/, '')})`, range: problems[0].range, skipped: true }] };
  }
  return { model, problems };
}

/**
 * A FreeMarker directive on a line of its own (`<#if config.x>`, `</#list>`, `<#-- note -->`): the
 * template a Java program renders into YAML (cloudogu/gitops-playground's *.ftl.yaml, rendered by
 * its installer). Like a `{{ }}` line it is not YAML until rendered; in YAML it is a plain key
 * without a value, so only a template holds one in a block.
 */
const FREEMARKER_DIRECTIVE = /^[ \t]*(?:<#--|<\/?#(?:if|elseif|else|list|items|sep|assign|local|global|include|import|macro|function|return|switch|case|on|default|break|continue|nested|compress|attempt|recover|setting|ftl|noparse)\b)/m;

/**
 * A substitution placeholder where a syntax error starts: a template's, not YAML until filled in.
 * - `@NAME@` where a value starts (`name: @STS_NAME@`, filled in by sed or a script): YAML reserves
 *   `@`, so no YAML file holds one there;
 * - `$NAME` or `${NAME}` standing alone where the YAML breaks: an envsubst variable whose value is
 *   several lines (secrets-store-csi-driver's bats tests put `$CONJUR_SSL_CERT`, a certificate, in
 *   column 1 under `sslCertificate: |`). A `$` is plain text to YAML: only where the structure
 *   breaks is it a placeholder;
 * - `{NAME}` joined to the text after it (BRACED_PLACEHOLDER);
 * - an UPPER_SNAKE word joined to a quoted value (QUOTE_JOINED).
 */
const PLACEHOLDER = /^(?:@[A-Za-z_][A-Za-z0-9_]*@|(?:\$(?:[A-Za-z_][A-Za-z0-9_]*|\{[A-Za-z_][A-Za-z0-9_]*\}))[ \t]*(?:\r?\n|$))/;

/**
 * An UPPER_SNAKE word right after a closing quote, ending the line (`is-kwok: "true"OTHER_LABELS_6_SPACES`:
 * azure-container-networking's test/scale/templates, where perl puts more labels or nothing). No
 * YAML has text after a quoted scalar's closing quote.
 */
const QUOTE_JOINED = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+[ \t]*(?:\r?\n|$)/;
const quoteJoined = (text: string, at: number) => (text[at - 1] === '"' || text[at - 1] === "'") && QUOTE_JOINED.test(text.slice(at, at + 256));

/**
 * A `{NAME}` placeholder, or a Python `str.format` field (`{self.path.k8s}`, `{images[kat-server]}`:
 * emissary's integration-test manifests, which its tests fill in with .format()).
 */

/**
 * A braced placeholder right before where the YAML breaks, at the start of a value: joined to the
 * text after it (`clusterIP: {SERVICE_IP_PREFIX}.16`, `cidr: {IPv6}/128`, `image: {REGISTRY}/web`),
 * which sed or a test fills in. To YAML it is a flow mapping followed by text on the same line,
 * which no YAML file means.
 */
const BRACED_PLACEHOLDER = new RegExp(String.raw`(?:^|[\s:,[-])${BRACED_FIELD}$`);

/**
 * A braced placeholder that holds the place where the YAML breaks: an indexed field
 * (`image: {images[kat-server]}`, whose `[` YAML reads as a flow sequence inside the mapping), a
 * placeholder alone on its line where a block starts (`{serviceAccountExtra}` in column 0: YAML
 * stops there or on the next line). Tested on the text from the start of the error's line.
 */
const BEFORE_FIELD = /(?:^|[\s:,[-])$/;
const FIELD_START = new RegExp(`^${BRACED_FIELD}`);
const FIELD_LINE = new RegExp(String.raw`^[ \t]*${BRACED_FIELD}[ \t]*$`);

/** Every error of the document is at a placeholder: a template, not YAML until filled in. */
function onlyPlaceholders(text: string, errors: ReadonlyArray<{ start: number; nesting?: unknown }>): boolean {
  if (errors.length === 0 || errors.some((e) => e.nesting)) return false;
  return errors.every((e) => PLACEHOLDER.test(text.slice(e.start, e.start + 256)) || quoteJoined(text, e.start) || BRACED_PLACEHOLDER.test(text.slice(Math.max(0, e.start - 256), e.start)) || inBracedField(text, e.start))
    || parsesOnceFilledIn(text);
}

/** A document whose placeholder lines break it is a template when it parses once they are filled in (core/yaml/placeholders.ts). */
function parsesOnceFilledIn(text: string): boolean {
  const filled = fillPlaceholderLines(text);
  return filled !== undefined && syntaxErrors(filled).length === 0;
}

/** The error at `at` lies inside a braced field of its line, or on a line that is one field alone or follows one. */
function inBracedField(text: string, at: number): boolean {
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  let lineEnd = text.indexOf('\n', at);
  if (lineEnd < 0) lineEnd = text.length;
  const line = text.slice(lineStart, lineEnd).replace(/\r$/, '');
  if (FIELD_LINE.test(line)) return true;
  // Inside a field: an opening brace before the error on its line whose field closes after it.
  const open = line.lastIndexOf('{', at - lineStart);
  // `${NAME}` is an envsubst or shell variable wherever it stands: inside a flow collection YAML reads
  // its brace as a flow mapping (kro's examples/aws/*/instance-template.yaml: `subnetIDs: [${SUBNET_IDS}]`,
  // filled in by envsubst), which no YAML file means after a `$`.
  const before = open >= 0 ? line.slice(0, open) : '';
  const field = open >= 0 && (BEFORE_FIELD.test(before) || before.endsWith('$')) ? FIELD_START.exec(line.slice(open)) : null;
  if (field && open + field[0].length > at - lineStart) return true;
  // At the start of the line after a field alone on its line.
  if (text.slice(lineStart, at).trim() !== '' || lineStart === 0) return false;
  const previousStart = text.lastIndexOf('\n', lineStart - 2) + 1;
  return FIELD_LINE.test(text.slice(previousStart, lineStart - 1).replace(/\r$/, ''));
}

/** A line that elides part of an excerpt (`...` inside a mapping, `....`, `…`); `...` in column 0 ends a YAML document. */
// \u2026 is …, escaped: the shipped bundles stay ASCII (see test/package: V8 holds a chunk with one non-ASCII character as two-byte text).
const ELISION = /^(?:[ \t]+\.{3,}|\.{4,}|[ \t]*\u2026)[ \t]*$/m;

/**
 * A Markdown code fence on a line of its own (```yaml ... ```): a docs snippet saved as .yaml for a
 * site generator to include (solo-io/gloo's docs/content/.../test-no-auth-vs.yaml). YAML reserves the
 * backtick, so no YAML file holds one where a line starts.
 */
const MARKDOWN_FENCE = /^```[A-Za-z0-9_+-]*[ \t]*\r?$/m;

/**
 * Why a YAML file that does not parse is not recognisably a Kubernetes manifest, or undefined
 * when it is one (a document with `apiVersion:` and `kind:` at its top level, as plain YAML).
 * A template of another tool (Jinja `{% raw %}`, Go `{{ }}`) or an excerpt with elided parts is
 * documentation or input for that tool, not a manifest: it is listed as skipped, not failed.
 */
function notAManifest(text: string): string | undefined {
  if (/\{%|\{#/.test(text)) return 'a Jinja template, not a Kubernetes manifest';
  if (text.includes('{{')) return 'a template ({{ }}), not a Kubernetes manifest until rendered';
  if (ELISION.test(text)) return 'an excerpt with elided parts (...), not a whole Kubernetes manifest';
  if (MARKDOWN_FENCE.test(text)) return 'a Markdown code block (```), not a Kubernetes manifest';
  if (!/^apiVersion[ \t]*:/m.test(text) || !/^kind[ \t]*:/m.test(text)) return 'not a Kubernetes manifest (no top-level apiVersion and kind)';
  return undefined;
}

function collectWorkloads(text: string, root: KNode, documentStart: number, documentEnd: number, out: Workload[], depth: number): void {
  if (root.type !== 'map' || depth > 2) return;
  const kindValue = scalarAt(root, 'kind');
  if (!kindValue) return; // not a Kubernetes object (Helm values, CI config, …): left alone quietly
  const kind = kindValue.text;
  if (kind === 'CustomResourceDefinition') return;
  const items = seqAt(root, 'items');
  if (items && /List$/.test(kind)) {
    for (const item of items.items) collectWorkloads(text, item, documentStart, documentEnd, out, depth + 1);
    return;
  }
  const metadata = mapAt(root, 'metadata');
  const workload: Workload = { kind, kindValue, root, podTemplates: [], documentStart, documentEnd };
  if (metadata) workload.metadata = metadata;
  const name = textAt(metadata, 'name');
  if (name !== undefined) workload.name = name;
  findPodTemplates(text, root, '', workload, 0);
  if (workload.podTemplates.length > 0) out.push(workload);
}

/** `holder` is an object that may carry a `spec`: the workload, or a template nested in a spec. */
function findPodTemplates(text: string, holder: KMap, path: string, workload: Workload, depth: number): void {
  if (depth > MAX_TEMPLATE_DEPTH) return;
  const specPair = pairOf(holder, 'spec');
  const spec = specPair?.value.type === 'map' ? specPair.value : undefined;
  if (specPair && spec && CONTAINER_GROUPS.some((g) => seqAt(spec, g))) {
    workload.podTemplates.push(buildPodTemplate(text, holder, specPair, spec, `${path}spec`, workload));
    return;
  }
  // Nested templates sit under the spec (Deployment, CronJob) or directly in the holder
  // (PodTemplate's `template`, KEDA's jobTargetRef, OpenKruise's broadcastJobTemplate).
  for (const key of NESTED_TEMPLATE_KEYS) {
    const inSpec = mapAt(spec, key);
    if (inSpec) findPodTemplates(text, inSpec, `${path}spec.${key}.`, workload, depth + 1);
    const direct = mapAt(holder, key);
    if (direct) findPodTemplates(text, direct, `${path}${key}.`, workload, depth + 1);
  }
}

/**
 * The pod template whose spec is `specPair` (of `holder`), read like any other: for a text that is
 * not a whole workload — a Kustomize patch that only sets a nodeSelector — so that the fix builders
 * can edit it as they edit a manifest.
 */
export function podTemplateAt(text: string, root: KMap, holder: KMap, specPair: KPair & { value: KMap }, path: string): PodTemplate {
  const kindValue = scalarAt(root, 'kind');
  const workload: Workload = { kind: kindValue?.text ?? '', kindValue: kindValue ?? { type: 'scalar', text: '', isNull: true, style: 'plain', start: root.start, end: root.start, innerStart: root.start, innerEnd: root.start }, root, podTemplates: [], documentStart: root.start, documentEnd: root.end };
  return buildPodTemplate(text, holder, specPair, specPair.value, path, workload);
}

function buildPodTemplate(text: string, holder: KMap, specPair: KPair, spec: KMap, path: string, workload: Workload): PodTemplate {
  const containers: Container[] = [];
  for (const group of CONTAINER_GROUPS) {
    for (const item of seqAt(spec, group)?.items ?? []) {
      if (item.type !== 'map') continue;
      const container: Container = { group, node: item };
      const name = textAt(item, 'name');
      if (name !== undefined) container.name = name;
      const image = scalarAt(item, 'image');
      if (image && image.text !== '') {
        container.image = image;
        container.reference = parseImageReference(image.text);
      }
      containers.push(container);
    }
  }
  const metadata = mapAt(holder, 'metadata');
  const template: PodTemplate = {
    holder,
    specPair,
    spec,
    path,
    containers,
    constraints: readConstraints(spec),
    misplaced: [],
    style: styleOf(text, specPair, spec),
  };
  if (metadata) template.metadata = metadata;
  template.misplaced = findMisplaced(workload, template);
  return template;
}

function readSelectorEntries(map: KNode | undefined): SelectorEntry[] {
  if (!map || map.type !== 'map') return [];
  const out: SelectorEntry[] = [];
  for (const pair of map.pairs) {
    if (pair.key.type !== 'scalar' || pair.keyText === undefined) continue;
    const kind = labelKindOf(pair.keyText);
    if (!kind) continue;
    const entry: SelectorEntry = { ...kind, pair, key: pair.key };
    if (pair.value.type === 'scalar' && !pair.value.isNull) entry.value = pair.value;
    out.push(entry);
  }
  return out;
}

function readExpressions(seq: KNode | undefined): MatchExpression[] {
  if (!seq || seq.type !== 'seq') return [];
  const out: MatchExpression[] = [];
  for (const node of seq.items) {
    if (node.type !== 'map') continue;
    const expression: MatchExpression = { node, values: [] };
    const key = scalarAt(node, 'key');
    if (key) {
      expression.key = key;
      const kind = labelKindOf(key.text);
      if (kind) expression.labelKind = kind;
    }
    const operator = scalarAt(node, 'operator');
    if (operator) expression.operator = operator;
    const valuesPair = pairOf(node, 'values');
    if (valuesPair) {
      expression.valuesPair = valuesPair;
      if (valuesPair.value.type === 'seq') {
        for (const v of valuesPair.value.items) if (v.type === 'scalar' && !v.isNull) expression.values.push(v);
      }
    }
    out.push(expression);
  }
  return out;
}

function readConstraints(spec: KMap): PodConstraints {
  const constraints: PodConstraints = { nodeSelector: [], terms: [], preferred: [], tolerations: [] };
  const nodeSelectorPair = pairOf(spec, 'nodeSelector');
  if (nodeSelectorPair) {
    constraints.nodeSelectorPair = nodeSelectorPair;
    constraints.nodeSelector = readSelectorEntries(nodeSelectorPair.value);
  }
  const affinityPair = pairOf(spec, 'affinity');
  if (affinityPair) constraints.affinityPair = affinityPair;
  const nodeAffinityPair = pairOf(affinityPair?.value, 'nodeAffinity');
  if (nodeAffinityPair) constraints.nodeAffinityPair = nodeAffinityPair;
  const requiredPair = pairOf(nodeAffinityPair?.value, 'requiredDuringSchedulingIgnoredDuringExecution');
  if (requiredPair) constraints.requiredPair = requiredPair;
  const termsPair = pairOf(requiredPair?.value, 'nodeSelectorTerms');
  if (termsPair) {
    constraints.termsPair = termsPair;
    if (termsPair.value.type === 'seq') {
      for (const node of termsPair.value.items) {
        const term: NodeSelectorTerm = { node, expressions: [], fieldCount: 0 };
        const me = pairOf(node, 'matchExpressions');
        if (me) { term.matchExpressionsPair = me; term.expressions = readExpressions(me.value); }
        const mf = pairOf(node, 'matchFields');
        if (mf) { term.matchFieldsPair = mf; term.fieldCount = mf.value.type === 'seq' ? mf.value.items.length : 0; }
        constraints.terms.push(term);
      }
    }
  }
  const preferredPair = pairOf(nodeAffinityPair?.value, 'preferredDuringSchedulingIgnoredDuringExecution');
  if (preferredPair) {
    constraints.preferredPair = preferredPair;
    if (preferredPair.value.type === 'seq') {
      for (const node of preferredPair.value.items) {
        if (node.type !== 'map') continue;
        const term: PreferredTerm = { node, expressions: [] };
        const preferencePair = pairOf(node, 'preference');
        if (preferencePair) {
          term.preferencePair = preferencePair;
          const me = pairOf(preferencePair.value, 'matchExpressions');
          if (me) { term.matchExpressionsPair = me; term.expressions = readExpressions(me.value); }
        }
        constraints.preferred.push(term);
      }
    }
  }
  for (const node of seqAt(spec, 'tolerations')?.items ?? []) {
    if (node.type !== 'map') continue;
    const toleration: Toleration = { node };
    const key = scalarAt(node, 'key');
    if (key) {
      toleration.key = key;
      const kind = labelKindOf(key.text);
      if (kind) toleration.labelKind = kind;
    }
    const value = scalarAt(node, 'value');
    if (value) toleration.value = value;
    const operator = scalarAt(node, 'operator');
    if (operator) toleration.operator = operator;
    constraints.tolerations.push(toleration);
  }
  return constraints;
}

function findMisplaced(workload: Workload, template: PodTemplate): MisplacedLabel[] {
  const out: MisplacedLabel[] = [];
  const add = (map: KMap | undefined, where: MisplacedWhere) => {
    for (const entry of readSelectorEntries(map)) {
      const item: MisplacedLabel = { label: entry.label, beta: entry.beta, where, pair: entry.pair, key: entry.key };
      if (entry.value) item.value = entry.value;
      out.push(item);
    }
  };
  const isOwnHolder = template.holder === workload.root;
  add(mapAt(workload.metadata, 'labels'), 'workload labels');
  add(mapAt(workload.metadata, 'annotations'), 'workload annotations');
  add(mapAt(mapAt(mapAt(workload.root, 'spec'), 'selector'), 'matchLabels'), 'selector.matchLabels');
  if (!isOwnHolder) {
    add(mapAt(template.metadata, 'labels'), 'pod template labels');
    add(mapAt(template.metadata, 'annotations'), 'pod template annotations');
  }
  return out;
}

/** Column (0-based) of an offset. */
export function columnOf(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

/** The file's indentation unit and whether block sequences are indented under their key, read near the pod spec. */
function styleOf(text: string, specPair: KPair, spec: KMap): PodTemplate['style'] {
  let step = 2;
  const first = spec.pairs[0];
  if (!spec.flow && first) {
    const diff = columnOf(text, first.key.start) - columnOf(text, specPair.key.start);
    if (diff > 0 && diff <= 8) step = diff;
  }
  let seqIndent = 0;
  for (const pair of spec.pairs) {
    if (pair.value.type !== 'seq' || pair.value.flow || pair.value.items.length === 0) continue;
    const diff = columnOf(text, pair.value.start) - columnOf(text, pair.key.start);
    if (diff >= 0 && diff <= 8) { seqIndent = diff; break; }
  }
  return { step, seqIndent };
}
