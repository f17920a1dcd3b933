/**
 * A small, error-tolerant reader for the HCL subset docker-bake.hcl files use: blocks with labels,
 * attributes, and values (strings with `${…}` interpolation, lists, objects, heredocs, function calls,
 * references, operators) with exact source offsets.
 *
 * Why hand-written: the npm HCL parsers are Go translations (hcl2-parser via GopherJS,
 * @cdktf/hcl2json via Go WASM: megabytes, async, and they return JSON without source positions),
 * and the tree-sitter HCL grammar needs a native peer dependency and another WASM file in the bundle.
 * Findings and fixes need offsets, and Bake needs only structure, string lists and where values are.
 */

export type HclValue =
  | { kind: 'string'; value: string; dynamic: boolean; start: number; end: number }
  | { kind: 'list'; items: HclValue[]; start: number; end: number }
  | { kind: 'other'; start: number; end: number };

export interface HclAttribute { type: 'attribute'; name: string; nameStart: number; value: HclValue; start: number; end: number }
export interface HclBlock {
  type: 'block';
  name: string;
  labels: Array<{ value: string; start: number; end: number }>;
  body: HclItem[];
  start: number;
  /** Offset of `{` and of `}` (text.length when missing). */
  open: number;
  close: number;
}
export type HclItem = HclAttribute | HclBlock;
export interface HclError { start: number; end: number; message: string }

const IDENT_START = /[A-Za-z_]/;
const IDENT = /[A-Za-z0-9_-]/;

export function parseHcl(text: string): { body: HclItem[]; errors: HclError[] } {
  let i = 0;
  const errors: HclError[] = [];
  const n = text.length;

  /** Skips spaces, tabs and comments; newlines too when `newlines`. */
  const skip = (newlines: boolean): void => {
    while (i < n) {
      const c = text[i];
      if (c === ' ' || c === '\t' || c === '\r' || (newlines && c === '\n')) i++;
      else if (c === '#' || (c === '/' && text[i + 1] === '/')) { while (i < n && text[i] !== '\n') i++; }
      else if (c === '/' && text[i + 1] === '*') { const e = text.indexOf('*/', i + 2); i = e === -1 ? n : e + 2; }
      else break;
    }
  };

  const ident = (): string => {
    const s = i;
    if (i < n && IDENT_START.test(text[i])) { i++; while (i < n && IDENT.test(text[i])) i++; }
    return text.slice(s, i);
  };

  /** After `${` or `%{`: skips to the matching `}`, strings inside included. */
  const skipTemplate = (): void => {
    let depth = 1;
    while (i < n && depth > 0) {
      const c = text[i];
      if (c === '"') { i++; quoted(); continue; }
      if (c === '{') depth++;
      else if (c === '}') depth--;
      i++;
    }
  };

  /** After the opening quote: reads to the closing quote; returns the value and whether it interpolates. */
  function quoted(): { value: string; dynamic: boolean } {
    let value = '';
    let dynamic = false;
    while (i < n && text[i] !== '"') {
      const c = text[i];
      if (c === '\n') { errors.push({ start: i, end: i + 1, message: 'unterminated string' }); return { value, dynamic }; }
      if (c === '\\' && i + 1 < n) {
        const e = text[i + 1];
        value += e === 'n' ? '\n' : e === 't' ? '\t' : e === 'r' ? '\r' : e;
        i += 2;
        continue;
      }
      if ((c === '$' || c === '%') && text[i + 1] === c && text[i + 2] === '{') { value += c + '{'; i += 3; continue; }
      if ((c === '$' || c === '%') && text[i + 1] === '{') { dynamic = true; i += 2; skipTemplate(); value += '${…}'; continue; }
      value += c;
      i++;
    }
    if (i < n) i++;
    else errors.push({ start: n, end: n, message: 'unterminated string' });
    return { value, dynamic };
  }

  /** Skips a balanced (…), […] or {…} group starting at text[i]. */
  const skipGroup = (): void => {
    const open = text[i];
    const close = open === '(' ? ')' : open === '[' ? ']' : '}';
    let depth = 0;
    while (i < n) {
      const c = text[i];
      if (c === '"') { i++; quoted(); continue; }
      if (c === '#' || (c === '/' && (text[i + 1] === '/' || text[i + 1] === '*'))) { skip(true); continue; }
      if (c === open) depth++;
      else if (c === close && --depth === 0) { i++; return; }
      i++;
    }
    errors.push({ start: n, end: n, message: `missing '${close}'` });
  };

  const atEnd = (c: string | undefined): boolean => c === undefined || c === '\n' || c === ',' || c === ']' || c === '}' || c === ')' || c === '#' || c === '/';

  /** Reads an expression up to a newline, `,` or closing bracket at depth 0. */
  function expression(): HclValue {
    skip(false);
    const start = i;
    let value: HclValue | undefined;
    const c = text[i];
    if (c === '"') {
      i++;
      const q = quoted();
      value = { kind: 'string', value: q.value, dynamic: q.dynamic, start, end: i };
    } else if (c === '[' && !/^\[\s*for\b/.test(text.slice(i, i + 20))) {
      i++;
      const items: HclValue[] = [];
      for (;;) {
        skip(true);
        if (i >= n) { errors.push({ start, end: n, message: "missing ']'" }); break; }
        if (text[i] === ']') { i++; break; }
        const before = i;
        items.push(expression());
        skip(true);
        if (text[i] === ',') i++;
        else if (text[i] !== ']' && i === before) { errors.push({ start: i, end: i + 1, message: `unexpected '${text[i]}'` }); i++; }
      }
      value = { kind: 'list', items, start, end: i };
    } else if (c === '<' && text[i + 1] === '<') {
      const m = /^<<-?([A-Za-z_][A-Za-z0-9_]*)\r?\n/.exec(text.slice(i, i + 100));
      if (m) {
        const re = new RegExp(`^[ \\t]*${m[1]}[ \\t]*$`, 'm');
        const bodyStart = i + m[0].length;
        const found = re.exec(text.slice(bodyStart));
        i = found ? bodyStart + found.index + found[0].length : n;
        if (!found) errors.push({ start, end: n, message: `heredoc ${m[1]} is not terminated` });
      } else i += 2;
    }
    // Anything else, or an operator after a value: read on to the end of the expression as an opaque value.
    skip(false);
    if (value && atEnd(text[i])) return value;
    while (i < n && !atEnd(text[i])) {
      const d = text[i];
      if (d === '"') { i++; quoted(); } else if (d === '(' || d === '[' || d === '{') skipGroup(); else i++;
      skip(false);
    }
    if (i === start && i < n && !atEnd(text[i])) i++;
    return { kind: 'other', start, end: trimEnd(start, i) };
  }

  const trimEnd = (s: number, e: number): number => { while (e > s && /\s/.test(text[e - 1])) e--; return e; };

  function body(closing: boolean): HclItem[] {
    const items: HclItem[] = [];
    for (;;) {
      skip(true);
      if (i >= n) { if (closing) errors.push({ start: n, end: n, message: "missing '}'" }); return items; }
      if (text[i] === '}') { if (closing) return items; errors.push({ start: i, end: i + 1, message: "unexpected '}'" }); i++; continue; }
      const start = i;
      const name = ident();
      if (!name) {
        errors.push({ start: i, end: i + 1, message: `unexpected '${text[i]}'` });
        while (i < n && text[i] !== '\n') i++;
        continue;
      }
      skip(false);
      if (text[i] === '=' && text[i + 1] !== '=') {
        i++;
        const value = expression();
        items.push({ type: 'attribute', name, nameStart: start, value, start, end: value.end });
        continue;
      }
      const labels: HclBlock['labels'] = [];
      while (i < n && text[i] !== '{' && text[i] !== '\n') {
        const ls = i;
        if (text[i] === '"') { i++; labels.push({ value: quoted().value, start: ls, end: i }); }
        else { const id = ident(); if (!id) break; labels.push({ value: id, start: ls, end: i }); }
        skip(false);
      }
      if (text[i] !== '{') {
        errors.push({ start, end: Math.max(i, start + 1), message: `expected '=' or '{' after '${name}'` });
        while (i < n && text[i] !== '\n') i++;
        continue;
      }
      const open = i++;
      const inner = body(true);
      const close = i < n ? i++ : n;
      items.push({ type: 'block', name, labels, body: inner, start, open, close });
    }
  }

  return { body: body(false), errors };
}
