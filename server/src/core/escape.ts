/**
 * Text that came from outside (file names, file contents, registry answers) made safe to print.
 *
 * A terminal acts on control characters: ESC starts sequences that recolour, clear the screen or
 * retitle the window (OSC), a newline starts a line that CI runners read as a command
 * (`::error …` on GitHub Actions), C1 controls (U+0080–U+009F) are 8-bit CSI/OSC to some
 * terminals, and bidi controls reorder what is shown (Trojan Source). They are written as C-style
 * escapes exactly as git does with core.quotePath: `\a \b \t \n \v \f \r` by name, any other as
 * the octal bytes of its UTF-8 encoding (ESC → `\033`, U+0085 → `\302\205`). Other non-ASCII text
 * (accents, CJK) is printable and kept as is, as git does with core.quotePath=false.
 */

/** C0 controls, DEL, C1 controls, LINE/PARAGRAPH SEPARATOR, and the bidi marks, embeddings, overrides and isolates. */
// eslint-disable-next-line no-control-regex -- control characters are what this module finds
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const UNSAFE_ALL = new RegExp(UNSAFE.source, 'g');
const QUOTED_ALL = new RegExp(`${UNSAFE.source.slice(0, -1)}"\\\\]`, 'g');

const NAMED: Record<string, string> = { '\x07': '\\a', '\b': '\\b', '\t': '\\t', '\n': '\\n', '\v': '\\v', '\f': '\\f', '\r': '\\r', '"': '\\"', '\\': '\\\\' };

function escapeChar(c: string): string {
  const named = NAMED[c];
  if (named) return named;
  return [...Buffer.from(c, 'utf8')].map((b) => `\\${b.toString(8).padStart(3, '0')}`).join('');
}

/** True when `text` holds a character a terminal could act on. */
export function hasControlCharacters(text: string): boolean {
  return UNSAFE.test(text);
}

/**
 * Message text: every control character as a C-style escape, everything else (quotes and
 * backslashes included) unchanged, so a message stays one line and reads as before.
 */
export function escapeControls(text: string): string {
  return UNSAFE.test(text) ? text.replace(UNSAFE_ALL, escapeChar) : text;
}

/**
 * A file name as git prints it: unchanged when it is plain, otherwise in double quotes with `"`,
 * `\` and control characters escaped — so `a"b` and a name holding a newline stay unambiguous.
 */
export function quotePath(name: string): string {
  if (!UNSAFE.test(name) && !name.includes('"') && !name.includes('\\')) return name;
  return `"${name.replace(QUOTED_ALL, escapeChar)}"`;
}

/**
 * One line of terminal output: control characters escaped, the line break that ends it kept.
 * For writers that receive whole lines (the CLI's stderr), where a name or message inside the
 * line is not known apart from the rest.
 */
export function terminalLine(text: string): string {
  const eol = text.endsWith('\n') ? '\n' : '';
  const body = eol ? text.slice(0, -1) : text;
  return escapeControls(body) + eol;
}

/** What JSON.stringify leaves raw but a terminal may act on: DEL, C1, separators, bidi controls. */
const JSON_UNSAFE = /[\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * Pretty JSON text (with a trailing newline) that is safe on a terminal: JSON.stringify escapes C0
 * controls; the rest of UNSAFE is written as `\uXXXX`, which parses back to the same string.
 */
export function jsonText(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(JSON_UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) + '\n';
}
