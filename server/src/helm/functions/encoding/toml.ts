/**
 * BurntSushi/toml v1.6 as Helm's toToml and fromToml use it. The encoder is a port of its
 * encode.go over the value model: plain values first, then tables, each sorted by key; tables
 * and arrays of tables indented two spaces per level; floats in %g form with ".0" added. The
 * decoder is smol-toml, converted to BurntSushi's Go values (int64, float64, time.Time, maps);
 * its error messages differ from BurntSushi's (they keep the `toml: line N:` prefix).
 */
import type * as SmolToml from 'smol-toml';
import type { TomlDate } from 'smol-toml';
import { isGoMap, isTracked } from '../../template';
import { GoDuration } from '../time/duration';
import { GoTime, parseTime } from '../time/go-time';
import { fixedZone, UTC } from '../time/location';
import { setEntry } from '../go-values';
import { formatFloatG } from './go-float';

export class TomlEncodeError extends Error {}

type Kind = 'table' | 'tableArray' | 'array' | 'scalar' | 'nil';

const BARE_KEY = /^[A-Za-z0-9_-]+$/;

function quoteToml(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\f') out += '\\f';
    else if (ch === '\r') out += '\\r';
    else if (c < 0x20 || c === 0x7f) out += '\\u' + c.toString(16).padStart(4, '0');
    else out += ch;
  }
  return out + '"';
}

function keyPart(k: string): string {
  if (k === '') return '""';
  return BARE_KEY.test(k) ? k : quoteToml(k);
}

function keyString(key: readonly string[]): string {
  return key.map(keyPart).join('.');
}

function isNil(v: unknown): boolean {
  return v === null || v === undefined;
}

function kindOf(v: unknown): Kind {
  if (isNil(v)) return 'nil';
  if (isTracked(v)) return 'scalar';
  if (isGoMap(v)) return 'table';
  if (Array.isArray(v)) {
    if (v.length === 0) return 'array';
    let allTables = true;
    for (const item of v) {
      const k = kindOf(item);
      if (k === 'nil') throw new TomlEncodeError('toml: cannot encode array with nil element');
      if (k !== 'table') allTables = false;
    }
    return allTables ? 'tableArray' : 'array';
  }
  return 'scalar';
}

/** toml.NewEncoder(w).Encode(v). */
export function encodeToml(value: unknown): string {
  let out = '';
  let written = false;
  const write = (s: string): void => {
    out += s;
    written = true;
  };
  const newline = (): void => {
    if (written) write('\n');
  };
  const indent = (key: readonly string[]): string => '  '.repeat(Math.max(0, key.length - 1));

  const element = (v: unknown): void => {
    if (isTracked(v)) return write(quoteToml(v.text));
    if (v instanceof GoTime) return write(v.Format('2006-01-02T15:04:05.999999999Z07:00'));
    if (v instanceof GoDuration) return write(quoteToml(v.String()));
    switch (typeof v) {
      case 'string':
        return write(quoteToml(v));
      case 'boolean':
        return write(v ? 'true' : 'false');
      case 'bigint':
        return write(BigInt.asIntN(64, v).toString());
      case 'number': {
        if (Number.isNaN(v)) return write('nan');
        if (!Number.isFinite(v)) return write(v < 0 ? '-inf' : 'inf');
        const s = formatFloatG(v);
        return write(/[.e]/.test(s) ? s : s + '.0');
      }
    }
    if (Array.isArray(v)) {
      write('[');
      v.forEach((item, i) => {
        element(item);
        if (i !== v.length - 1) write(', ');
      });
      return write(']');
    }
    if (isGoMap(v)) return map(v, [], true);
    const text = (v as { String?: () => string }).String;
    if (typeof text === 'function') return write(quoteToml(text.call(v)));
    throw new TomlEncodeError(`toml: unexpected type: ${typeof v}`);
  };

  const keyValue = (key: readonly string[], v: unknown, inline: boolean): void => {
    if (key.length === 0) return element(v);
    write(`${indent(key)}${keyPart(key[key.length - 1])} = `);
    element(v);
    if (!inline) newline();
  };

  const map = (m: Record<string, unknown>, key: readonly string[], inline: boolean): void => {
    const direct: string[] = [];
    const sub: string[] = [];
    for (const k of Object.keys(m)) {
      const kind = kindOf(m[k]);
      (kind === 'table' || kind === 'tableArray' ? sub : direct).push(k);
    }
    const writeKeys = (keys: string[], trailingComma: boolean): void => {
      keys.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      keys.forEach((k, i) => {
        const v = m[k];
        if (isNil(v)) return;
        if (inline) {
          keyValue([k], v, true);
          if (trailingComma || i !== keys.length - 1) write(', ');
        } else encode([...key, k], v);
      });
    };
    if (inline) write('{');
    writeKeys(direct, sub.length > 0);
    writeKeys(sub, false);
    if (inline) write('}');
  };

  const encode = (key: readonly string[], v: unknown): void => {
    switch (kindOf(v)) {
      case 'nil':
        return;
      case 'scalar':
      case 'array':
        return keyValue(key, v, false);
      case 'tableArray':
        if (key.length === 0) throw new TomlEncodeError('toml: top-level values must be Go maps or structs');
        for (const item of v as unknown[]) {
          newline();
          write(`${indent(key)}[[${keyString(key)}]]`);
          newline();
          map(item as Record<string, unknown>, key, false);
        }
        return;
      case 'table':
        if (key.length === 1) newline();
        if (key.length > 0) {
          write(`${indent(key)}[${keyString(key)}]`);
          newline();
        }
        return map(v as Record<string, unknown>, key, false);
    }
  };

  encode([], value);
  return out;
}

/** smol-toml is read by the first fromToml: most charts never call it (issue 13). */
let smolTomlModule: typeof SmolToml | undefined;
function smolToml(): typeof SmolToml {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy load; esbuild bundles it (build.mjs lazyVendors)
  smolTomlModule ??= require('smol-toml') as typeof SmolToml;
  return smolTomlModule;
}

/** toml.Unmarshal into map[string]any: a map, or throws with a `toml: line N:` message. */
export function decodeToml(text: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = smolToml().parse(text, { integersAsBigInt: true });
  } catch (e) {
    const err = e as { message?: string; line?: number };
    const message = String(err.message ?? e).split('\n')[0].replace(/^Invalid TOML document: /, '');
    throw new Error(err.line !== undefined ? `toml: line ${err.line}: ${message}` : `toml: ${message}`);
  }
  return toGo(parsed) as Record<string, unknown>;
}

function toGo(v: unknown): unknown {
  if (v instanceof smolToml().TomlDate) return tomlDate(v);
  if (Array.isArray(v)) return v.map(toGo);
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) setEntry(out, k, toGo(x));
    return out;
  }
  return v;
}

/** BurntSushi's time values: offset date-times in their zone, local ones in its marker zones. */
function tomlDate(d: TomlDate): GoTime {
  const iso = d.toISOString();
  if (d.isDate()) return parseTime('2006-01-02', iso, fixedZone('date-local', 0), UTC);
  if (d.isTime()) return parseTime('15:04:05.999999999', iso, fixedZone('time-local', 0), UTC);
  if (d.isLocal()) return parseTime('2006-01-02T15:04:05.999999999', iso, fixedZone('datetime-local', 0), UTC);
  return parseTime('2006-01-02T15:04:05.999999999Z07:00', iso, UTC, UTC);
}
