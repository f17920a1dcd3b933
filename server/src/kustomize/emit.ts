/**
 * Writes a built resource as YAML text and its source map in one pass: block style, two-space
 * indentation, list items at their key's indentation (kustomize's own layout), scalars written as
 * their source wrote them when that was one line, otherwise quoted safely. Each key, value and
 * collection gets a segment naming the text that produced it, so nothing is re-parsed to find
 * where a value came from.
 */
import type { Segment } from './model';
import type { PMap, PNode, PScalar } from './pnode';

/** Plain scalars that another YAML reader could take for something else than this string. */
const AMBIGUOUS_PLAIN = /^(?:[-+]?(?:\.?\d|\.(?:inf|Inf|INF|nan|NaN|NAN))|0[xob]|(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL|~)$)/;
const SAFE_PLAIN = /^[A-Za-z0-9_./$(][^\s#:]*(?::[^\s#:]+)*(?: [^\s#:]+)*$/;

/** A string as a YAML scalar another reader gets back unchanged. */
export function scalarText(value: string): string {
  if (value !== '' && SAFE_PLAIN.test(value) && !AMBIGUOUS_PLAIN.test(value) && !value.endsWith(':')) return value;
  return JSON.stringify(value);
}

function scalarSource(node: PScalar): string {
  if (node.raw !== undefined && node.raw !== '') return node.raw;
  if (node.tag === 'null') return 'null';
  if (node.tag === 'string') return scalarText(node.value);
  return node.value;
}

function keySource(node: PScalar): string {
  if (node.raw !== undefined && node.raw !== '' && node.tag === 'string') return node.raw;
  return scalarText(node.value);
}

class Writer {
  /** Output pieces (a growing string would be flattened on each look at its end: quadratic). */
  private readonly parts: string[] = [];
  private length = 0;
  private last = '';
  readonly segments: Segment[] = [];

  private write(s: string): void {
    if (s === '') return;
    this.parts.push(s);
    this.length += s.length;
    this.last = s[s.length - 1];
  }

  private newlineIfNeeded(): void {
    if (this.last !== '\n') this.write('\n');
  }

  text(): string {
    this.newlineIfNeeded();
    return this.parts.join('');
  }

  private segment(start: number, node: PNode | PScalar): Segment {
    const s: Segment = { start, end: start, origin: node.prov.origin, role: node.prov.role };
    this.segments.push(s);
    return s;
  }

  private scalar(node: PScalar, asKey = false): void {
    const seg = this.segment(this.length, node);
    this.write(asKey ? keySource(node) : scalarSource(node));
    seg.end = this.length;
  }

  /** A map or list value after `key:` or `- ` at `indent`. `inline` = the first line continues the current one. */
  node(node: PNode, indent: number, inline: boolean): void {
    if (node.kind === 'scalar') {
      this.write(inline ? '' : ' '.repeat(indent));
      this.scalar(node);
      return;
    }
    if (node.kind === 'map' && node.entries.length === 0) {
      const seg = this.segment(this.length, node);
      this.write('{}');
      seg.end = this.length;
      return;
    }
    if (node.kind === 'seq' && node.items.length === 0) {
      const seg = this.segment(this.length, node);
      this.write('[]');
      seg.end = this.length;
      return;
    }
    const seg = this.segment(this.length + (inline ? 0 : indent), node);
    if (node.kind === 'map') this.mapBody(node, indent, inline);
    else {
      node.items.forEach((item, i) => {
        if (i > 0 || !inline) this.write(' '.repeat(indent));
        this.write('- ');
        if (item.kind === 'scalar' || isEmpty(item)) this.node(item, indent + 2, true);
        else if (item.kind === 'map') this.node(item, indent + 2, true);
        else this.node(item, indent + 2, true);
        this.newlineIfNeeded();
      });
    }
    seg.end = this.last === '\n' ? this.length - 1 : this.length;
  }

  private mapBody(map: PMap, indent: number, inline: boolean): void {
    map.entries.forEach((e, i) => {
      if (i > 0 || !inline) this.write(' '.repeat(indent));
      this.scalar(e.key, true);
      this.write(':');
      const v = e.value;
      if (v.kind === 'scalar' || isEmpty(v)) {
        this.write(' ');
        this.node(v, indent, true);
        this.write('\n');
      } else {
        this.write('\n');
        this.node(v, v.kind === 'seq' ? indent : indent + 2, false);
      }
    });
  }
}

function isEmpty(node: PNode): boolean {
  return (node.kind === 'map' && node.entries.length === 0) || (node.kind === 'seq' && node.items.length === 0);
}

/** The document's text (ending in a newline) and its segments in text order. */
export function emitDocument(root: PMap): { text: string; segments: Segment[] } {
  const w = new Writer();
  w.node(root, 0, false);
  return { text: w.text(), segments: w.segments };
}
