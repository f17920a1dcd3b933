/**
 * sigs.k8s.io/yaml's Marshal, which Helm's toYaml calls: json.Marshal, then the JSON read back by
 * go-yaml v2 (numbers become int, uint64 or float64; maps become maps sorted with go-yaml's
 * natural key order) and written with go-yaml v2's encoder and emitter.
 */
import { isGoMap, isTracked } from '../../template';
import { GoTime } from '../time/go-time';
import { JsonNumber, type JsonNode, toJsonTree } from './json-tree';
import { formatFloatG } from './go-float';
import { isBase60Float, resolvePlain } from './yaml-resolve';
import { emitYaml, type ScalarStyle, type YamlNode, type YamlScalar } from './yaml-emitter';

/** Which template value a scalar of the output came from: `source[key]`, its key or its value. */
export interface YamlMark {
  source: object;
  key: string | number;
  part: 'key' | 'value';
}

export interface MarshalYamlResult {
  text: string;
  /** Output ranges of the keys and scalars that came from a container (when asked for). */
  marks: Array<{ mark: YamlMark; start: number; end: number }>;
}

/** yaml.Marshal(value) from sigs.k8s.io/yaml; throws GoJsonError where json.Marshal fails. */
export function marshalYamlV2(value: unknown, withMarks = false): MarshalYamlResult {
  const marks: MarshalYamlResult['marks'] = [];
  const root = toYamlNode(toJsonTree(value), withMarks);
  const text = emitYaml(root, {
    indent: 2,
    width: 80,
    onScalar: withMarks ? (mark, start, end) => marks.push({ mark: mark as YamlMark, start, end }) : undefined,
  });
  return { text, marks };
}

function toYamlNode(node: JsonNode, withMarks: boolean, mark?: YamlMark): YamlNode {
  if (node === null) return scalar('null', 'plain', mark);
  if (typeof node === 'boolean') return scalar(node ? 'true' : 'false', 'plain', mark);
  if (typeof node === 'string') return scalar(node, v2StringStyle(node), mark);
  if (node instanceof JsonNumber) return scalar(yamlNumberText(node.text), 'plain', mark);
  if (node.kind === 'array') {
    const source = withMarks ? node.source : undefined;
    return {
      kind: 'sequence',
      items: node.items.map((item, i) => toYamlNode(item, withMarks, source && { source, key: i, part: 'value' })),
    };
  }
  const source = withMarks ? node.source : undefined;
  const entries = node.entries.slice().sort((a, b) => compareYamlV2Keys(a[0], b[0]));
  return {
    kind: 'mapping',
    entries: entries.map(([key, value]) => [
      scalar(key, v2StringStyle(key), source && { source, key, part: 'key' }),
      toYamlNode(value, withMarks, source && { source, key, part: 'value' }),
    ] as const),
  };
}

function scalar(value: string, style: ScalarStyle, mark: YamlMark | undefined): YamlScalar {
  return mark ? { kind: 'scalar', value, style, mark } : { kind: 'scalar', value, style };
}

/** go-yaml v2's encoder.stringv: a literal block for multi-line text, quotes where plain would not read back as this string. */
export function v2StringStyle(s: string): ScalarStyle {
  if (s.includes('\n')) return 'literal';
  const canUsePlain = resolvePlain(s).tag === 'str' && !isBase60Float(s);
  return canUsePlain ? 'plain' : 'double';
}

/** A JSON number as go-yaml v2 reads it back and writes it: int64/uint64 digits, else a float64 in %g form. */
export function yamlNumberText(jsonText: string): string {
  const resolved = resolvePlain(jsonText);
  if (resolved.tag === 'int') return String(resolved.value);
  if (resolved.tag === 'float') return formatFloatG(resolved.value as number);
  return jsonText;
}

const LETTER = /\p{L}/u;
const DIGIT = /\p{Nd}/u;

/** go-yaml v2's keyList.Less for two string keys: letters by code point, digit runs by value. */
export function compareYamlV2Keys(a: string, b: string): number {
  if (a === b) return 0;
  return yamlKeyLess(a, b, false) ? -1 : yamlKeyLess(b, a, false) ? 1 : 0;
}

/** go-yaml v3's keyList.Less: as v2, but after a digit a letter sorts before a non-letter. */
export function compareYamlV3Keys(a: string, b: string): number {
  if (a === b) return 0;
  return yamlKeyLess(a, b, true) ? -1 : yamlKeyLess(b, a, true) ? 1 : 0;
}

function yamlKeyLess(a: string, b: string, v3: boolean): boolean {
  const ar = Array.from(a);
  const br = Array.from(b);
  let digits = false;
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) {
      digits = DIGIT.test(ar[i]);
      continue;
    }
    const al = LETTER.test(ar[i]);
    const bl = LETTER.test(br[i]);
    if (al && bl) return codePoint(ar[i]) < codePoint(br[i]);
    if (al || bl) return v3 && digits ? al : bl;
    let an = 0n;
    let bn = 0n;
    if (ar[i] === '0' || br[i] === '0') {
      for (let j = i - 1; j >= 0 && DIGIT.test(ar[j]); j--) {
        if (ar[j] !== '0') {
          an = 1n;
          bn = 1n;
          break;
        }
      }
    }
    let ai = i;
    for (; ai < ar.length && DIGIT.test(ar[ai]); ai++) an = BigInt.asIntN(64, an * 10n + BigInt(codePoint(ar[ai]) - 0x30));
    let bi = i;
    for (; bi < br.length && DIGIT.test(br[bi]); bi++) bn = BigInt.asIntN(64, bn * 10n + BigInt(codePoint(br[bi]) - 0x30));
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return codePoint(ar[i]) < codePoint(br[i]);
  }
  return ar.length < br.length;
}

function codePoint(ch: string): number {
  return ch.codePointAt(0) ?? 0;
}

/**
 * go-yaml v3's Marshal with SetIndent(2), as Helm's toYamlPretty calls it: straight from the Go
 * value (no JSON round trip, so a float64 prints in %g form: 123456789 → 1.23456789e+08), block
 * sequences indented inside mappings, no line folding.
 */
export function marshalYamlV3(value: unknown): string {
  return emitYaml(toYamlV3Node(value, []), { indent: 2, width: -1, indentSequencesInMappings: true });
}

function toYamlV3Node(v: unknown, stack: object[]): YamlNode {
  if (v === null || v === undefined) return scalar('null', 'plain', undefined);
  if (isTracked(v)) return scalar(v.text, v2StringStyle(v.text), undefined);
  switch (typeof v) {
    case 'boolean':
      return scalar(v ? 'true' : 'false', 'plain', undefined);
    case 'string':
      return scalar(v, v2StringStyle(v), undefined);
    case 'bigint':
      return scalar(v.toString(), 'plain', undefined);
    case 'number': {
      const s = formatFloatG(v);
      return scalar(s === '+Inf' ? '.inf' : s === '-Inf' ? '-.inf' : s === 'NaN' ? '.nan' : s, 'plain', undefined);
    }
  }
  if (typeof v !== 'object') throw new Error(`cannot marshal type: ${typeof v}`);
  if (stack.includes(v)) throw new Error('yaml: cannot marshal a value that contains itself');
  if (v instanceof GoTime) return scalar(v.Format('2006-01-02T15:04:05.999999999Z07:00'), 'plain', undefined);
  stack.push(v);
  try {
    if (Array.isArray(v)) return { kind: 'sequence', items: v.map((x) => toYamlV3Node(x, stack)) };
    if (isGoMap(v)) {
      const keys = Object.keys(v).sort(compareYamlV3Keys);
      return { kind: 'mapping', entries: keys.map((k) => [scalar(k, v2StringStyle(k), undefined), toYamlV3Node(v[k], stack)] as const) };
    }
    const toJSON = (v as { toJSON?: () => unknown }).toJSON;
    if (typeof toJSON === 'function') return toYamlV3Node(toJSON.call(v), stack);
    const entries = Object.keys(v).map((k) => [scalar(k.toLowerCase(), v2StringStyle(k.toLowerCase()), undefined), toYamlV3Node((v as Record<string, unknown>)[k], stack)] as const);
    return { kind: 'mapping', entries };
  } finally {
    stack.pop();
  }
}
