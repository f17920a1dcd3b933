/**
 * Helm's own template functions (helm/helm pkg/engine/funcs.go and engine.go's initFunMap):
 * toYaml/toJson (and their must/pretty variants), fromYaml/fromJson (errors land in an `Error`
 * key), toToml/fromToml, include and tpl (the engine's own), required, fail, lookup (empty, as under `helm template`)
 * and getHostByName (empty: `helm template` does not resolve names without --enable-dns).
 *
 * With provenance (ctx.provenance), toYaml and toJson return a TrackedString whose every key and
 * scalar carries the ValueRef of the values entry it came from, so that a finding on a rendered
 * `nodeSelector` line can point at the values.yaml line that set it.
 */
import {
  type CallContext, type FunctionMap, type OutputSegment, INCLUDE_FUNCTION, TPL_FUNCTION, TrackedString, actionSegment, isTracked,
} from '../template';
import { goFunc, trackingFunc } from './define';
import { fromYaml, fromYamlArray, jsonKindName } from './encoding/from-yaml';
import { marshalJson, writeJson } from './encoding/json';
import { unmarshalJson } from './encoding/json-decode';
import { toJsonTree } from './encoding/json-tree';
import { decodeToml, encodeToml } from './encoding/toml';
import { marshalYamlV2, marshalYamlV3 } from './encoding/to-yaml';
import { helmWarnWrap } from './errors';
import type { ResolvedOptions } from './options';

/** Segments for the keys and scalars placed in an output, each with the ref of its values entry. */
function placedSegments(ctx: CallContext, placements: Array<{ source: object; key: string | number; start: number; end: number }>, length: number): OutputSegment[] {
  const provenance = ctx.provenance;
  if (!provenance) return [];
  const site = ctx.site;
  const out: OutputSegment[] = [];
  for (const p of placements) {
    if (p.start >= length) break;
    const ref = provenance.refOf(p.source, p.key);
    if (ref) out.push(actionSegment(site, p.start, Math.min(p.end, length), [ref]));
  }
  return out;
}

/** Helm's toYAML: sigs.k8s.io/yaml Marshal, trailing newline trimmed; "" on error. */
function toYaml(ctx: CallContext, v: unknown, must: boolean): string | TrackedString {
  const value = isTracked(v) ? v.text : v;
  let text: string;
  let marks: ReturnType<typeof marshalYamlV2>['marks'];
  try {
    ({ text, marks } = marshalYamlV2(value, ctx.provenance !== undefined));
  } catch (e) {
    if (must) throw new Error(`error marshaling into JSON: ${(e as Error).message}`);
    return '';
  }
  if (text.endsWith('\n')) text = text.slice(0, -1);
  if (!ctx.provenance || marks.length === 0) return text;
  const segments = placedSegments(ctx, marks.map((m) => ({ source: m.mark.source, key: m.mark.key, start: m.start, end: m.end })), text.length);
  return segments.length > 0 ? new TrackedString(text, segments) : text;
}

/** Helm's toJSON: json.Marshal; "" on error (must: the error). */
function toJson(ctx: CallContext, v: unknown, must: boolean): string | TrackedString {
  const value = isTracked(v) ? v.text : v;
  const placements: Array<{ source: object; key: string | number; start: number; end: number }> = [];
  let text: string;
  try {
    const tree = toJsonTree(value);
    text = writeJson(tree, { escapeHTML: true }, ctx.provenance ? (source, key, _part, start, end) => placements.push({ source, key, start, end }) : undefined);
  } catch (e) {
    if (must) throw e;
    return '';
  }
  if (placements.length === 0) return text;
  const segments = placedSegments(ctx, placements, text.length);
  return segments.length > 0 ? new TrackedString(text, segments) : text;
}

/** Helm's fromJSON into map[string]interface{}: errors in an `Error` key. */
function fromJson(s: string): Record<string, unknown> {
  try {
    const v = unmarshalJson(s);
    if (v === null) return {};
    if (typeof v !== 'object' || Array.isArray(v)) return { Error: `json: cannot unmarshal ${jsonKindName(v)} into Go value of type map[string]interface {}` };
    return v as Record<string, unknown>;
  } catch (e) {
    return { Error: (e as Error).message };
  }
}

function fromJsonArray(s: string): unknown[] {
  try {
    const v = unmarshalJson(s);
    if (v === null) return [];
    if (!Array.isArray(v)) return [`json: cannot unmarshal ${jsonKindName(v)} into Go value of type []interface {}`];
    return v;
  } catch (e) {
    return [(e as Error).message];
  }
}

export function helmFunctions(options: ResolvedOptions): FunctionMap {
  const any1 = { params: ['interface {}'] } as const;
  return {
    toYaml: trackingFunc('toYaml', any1, (ctx, v) => toYaml(ctx, v, false)),
    mustToYaml: trackingFunc('mustToYaml', any1, (ctx, v) => toYaml(ctx, v, true)),
    toYamlPretty: goFunc('toYamlPretty', any1, (v) => {
      try {
        return marshalYamlV3(v).replace(/\n$/, '');
      } catch {
        return '';
      }
    }),
    fromYaml: goFunc('fromYaml', { params: ['string'] }, fromYaml),
    fromYamlArray: goFunc('fromYamlArray', { params: ['string'] }, fromYamlArray),
    toJson: trackingFunc('toJson', any1, (ctx, v) => toJson(ctx, v, false)),
    mustToJson: trackingFunc('mustToJson', any1, (ctx, v) => toJson(ctx, v, true)),
    fromJson: goFunc('fromJson', { params: ['string'] }, fromJson),
    fromJsonArray: goFunc('fromJsonArray', { params: ['string'] }, fromJsonArray),
    toToml: goFunc('toToml', any1, (v) => {
      try {
        return encodeToml(v);
      } catch (e) {
        return (e as Error).message;
      }
    }),
    mustToToml: goFunc('mustToToml', any1, (v) => encodeToml(v)),
    fromToml: goFunc('fromToml', { params: ['string'] }, (s) => {
      try {
        return decodeToml(s);
      } catch (e) {
        return { Error: (e as Error).message };
      }
    }),
    // The engine runs these two itself (no JS call per nesting level), so Helm's include limit of
    // 1000 nested calls is reached as in Helm, and tpl's text refs reach its output.
    include: INCLUDE_FUNCTION,
    tpl: TPL_FUNCTION,
    required: goFunc('required', { params: ['string', 'interface {}'] }, (warn, val) => {
      if (val === null || val === undefined || val === '') {
        if (options.lintMode) return '';
        throw new Error(helmWarnWrap(warn));
      }
      return val;
    }),
    fail: goFunc('fail', { params: ['string'] }, (msg) => {
      if (options.lintMode) return '';
      throw new Error(helmWarnWrap(msg));
    }),
    lookup: goFunc('lookup', { params: ['string', 'string', 'string', 'string'] }, () => ({})),
    getHostByName: goFunc('getHostByName', { params: ['string'] }, () => ''),
  };
}

export { marshalJson };
