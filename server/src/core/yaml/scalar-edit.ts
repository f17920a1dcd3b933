/**
 * Edits that give a YAML scalar a new string value, for every way a scalar can be written: plain
 * (in a block or a flow collection), single- or double-quoted, literal or folded block. The value
 * read back is exactly the new one, and the file keeps parsing:
 * - a quoted scalar keeps its quotes, the value escaped for them;
 * - a plain scalar is replaced by the value when it reads back as that string (`arm64`), else by a
 *   double-quoted one (`"386"` would otherwise be a number, `a, b` in a flow collection two items);
 * - a block scalar (`>-` then the value on the next line) becomes a flow scalar on the header's
 *   line: its header, content and chomping go, the line break that ends it stays (the AL101 fix
 *   once removed it, joining the next key onto the value's line), and a comment on the header stays.
 * A node shared through an alias is never edited (the edit would change every place sharing it).
 */
import type { KScalar } from './knode';

/** An edit on absolute offsets of the file's text. */
export interface OffsetEdit { start: number; end: number; newText: string }

/** The edit making `scalar` read as `value`; undefined when it must not be edited. */
export function setScalarValue(text: string, scalar: KScalar, value: string): OffsetEdit | undefined {
  if (scalar.shared) return undefined;
  switch (scalar.style) {
    case 'double':
      return { start: scalar.innerStart, end: scalar.innerEnd, newText: JSON.stringify(value).slice(1, -1) };
    case 'single':
      // A line break inside single quotes folds into a space: such a value needs double quotes.
      if (/[\r\n]/.test(value)) return { start: scalar.start, end: scalar.end, newText: JSON.stringify(value) };
      return { start: scalar.innerStart, end: scalar.innerEnd, newText: value.replace(/'/g, "''") };
    case 'plain':
      return { start: scalar.start, end: scalar.end, newText: flowScalar(value) };
    case 'literal':
    case 'folded': {
      const headerBreak = text.indexOf('\n', scalar.start);
      const headerLine = text.slice(scalar.start, headerBreak === -1 ? text.length : headerBreak).replace(/\r$/, '');
      const comment = /\s(#.*)$/.exec(headerLine)?.[1];
      const end = scalar.innerEnd > scalar.start ? scalar.innerEnd : scalar.start + headerLine.length;
      return { start: scalar.start, end, newText: comment ? `${flowScalar(value)} ${comment}` : flowScalar(value) };
    }
  }
}

/** The value as a flow scalar: plain when that reads back as the same string, else double-quoted. */
export function flowScalar(value: string): string {
  return readsAsPlainString(value) ? value : JSON.stringify(value);
}

/** YAML 1.1 and 1.2 words that a plain scalar would read as a boolean or null (Kubernetes reads YAML 1.1). */
const NOT_A_STRING = /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL|~)$/;

/**
 * True when `value` written plain reads back as this very string: a word of letters, digits and
 * `_ . / -` that starts with a letter or `_` (so never a number, date, `.inf` or an indicator) and
 * is not a boolean or null word. None of these characters is syntax in a flow collection either.
 */
export function readsAsPlainString(value: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_./-]*$/.test(value) && !NOT_A_STRING.test(value);
}
