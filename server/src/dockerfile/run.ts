/**
 * The shell view of a RUN instruction: its body as the shell will see it (shell form, exec form
 * `sh -c`, heredoc scripts, continuation lines, comment lines inside a continuation), parsed
 * lazily by the shared tree-sitter-bash view, with every offset mapped back to the Dockerfile text.
 * Rules prefilter `text` with a cheap test before asking for `commands()`, so RUNs that cannot
 * matter are never shell-parsed.
 */
import { parseShell, type ShellCommand, type ShellWord } from '../shell/shell';

export interface ShellSegment {
  /** The text given to the shell parser: same length as the Dockerfile slice it stands for. */
  text: string;
  /** Offset of `text` in the Dockerfile. */
  base: number;
}

export interface RunView {
  /** The instruction's body as written (after the flags), offsets from `bodyStart`. */
  body: string;
  bodyStart: number;
  /** True for `RUN ["…", …]`. */
  readonly exec: boolean;
  /** Shell-parsed commands of every segment, offsets into the Dockerfile (parsed on first call). */
  commands(): ShellCommand[];
  /** The segments that are shell script (main body, heredoc scripts). */
  readonly segments: ShellSegment[];
}

export interface HeredocSpan {
  /** Offset of the `<<` operator. */
  opStart: number;
  contentStart: number;
  contentEnd: number;
}

const SHELL_NAME = /^(?:\S*\/)?(?:ba|da|a|z)?sh(?:\s+-\S+)*\s*$/;

/**
 * Builds the view of one RUN. `body` is the Dockerfile text from the first non-flag argument to
 * the end of the instruction; `escape` is the file's escape character.
 */
export function runView(body: string, bodyStart: number, escape: string, heredocs: HeredocSpan[]): RunView {
  let segments: ShellSegment[] | undefined;
  let exec: boolean | undefined;
  let parsed: ShellCommand[] | undefined;
  // Built on first use: most RUNs never pass a rule's prefilter, so they are never rewritten or parsed.
  const build = (): ShellSegment[] => {
    if (segments) return segments;
    segments = [];
    exec = false;
    if (body.trimStart().startsWith('[')) {
      const execSegment = execFormScript(body, bodyStart);
      if (execSegment !== null) {
        exec = true;
        if (execSegment) segments.push(execSegment);
        return segments;
      }
    }
    const firstContent = heredocs.length ? heredocs[0].contentStart - bodyStart : body.length;
    let main = shellText(body, Math.max(0, firstContent), escape);
    // Heredoc content is not part of the command line; the shell-script ones are parsed on their own below.
    for (const h of heredocs) {
      const from = h.contentStart - bodyStart;
      const to = h.contentEnd - bodyStart;
      if (from >= 0 && to > from) main = main.slice(0, from) + main.slice(from, to).replace(/[^\n]/g, ' ') + main.slice(to);
    }
    segments.push({ text: main, base: bodyStart });
    for (const h of heredocs) {
      if (h.contentEnd <= h.contentStart) continue;
      const lead = body.slice(0, Math.max(0, h.opStart - bodyStart)).replace(/\\\r?\n/g, ' ').trim();
      const content = body.slice(h.contentStart - bodyStart, h.contentEnd - bodyStart);
      const shebang = /^#!(.*)/.exec(content);
      const isShell = (lead === '' || SHELL_NAME.test(lead)) && (!shebang || /\b(?:ba|da|a|z)?sh\b/.test(shebang[1]));
      if (isShell) segments.push({ text: content.replace(/\r/g, ' '), base: h.contentStart });
    }
    return segments;
  };
  return {
    body,
    bodyStart,
    get exec() { build(); return exec!; },
    get segments() { return build(); },
    commands() {
      if (!parsed) {
        parsed = [];
        for (const s of build()) {
          for (const c of parseShell(s.text).commands) parsed.push(shiftCommand(c, s.base));
        }
      }
      return parsed;
    },
  };
}

/**
 * The body as the shell sees it, offsets unchanged: comment and blank lines inside a continuation
 * are dropped by Docker (here: turned into spaces, their line break too, so the shell keeps the
 * command together), a CR before an escaped newline moves behind the backslash, and a non-default
 * escape character before a newline becomes a backslash. Only the part before `limit` (the first
 * heredoc's content) is rewritten; heredoc content is the shell's to read.
 */
function shellText(body: string, limit: number, escape: string): string {
  const chars = body.split('');
  let lineStart = 0;
  let first = true;
  while (lineStart < limit) {
    let lineEnd = body.indexOf('\n', lineStart);
    if (lineEnd === -1 || lineEnd > limit) lineEnd = Math.min(limit, body.length);
    const line = body.slice(lineStart, lineEnd);
    const content = line.trim();
    if (!first && (content === '' || content.startsWith('#'))) {
      for (let i = lineStart; i <= Math.min(lineEnd, body.length - 1); i++) chars[i] = ' ';
    } else {
      let last = lineEnd - 1;
      if (body[last] === '\r') { chars[last] = ' '; last--; }
      if (last >= lineStart && body[last] === escape && escape !== '\\') chars[last] = '\\';
      if (body[lineEnd - 1] === '\r' && body[lineEnd - 2] === escape) {
        chars[lineEnd - 2] = ' ';
        chars[lineEnd - 1] = '\\';
      }
    }
    first = false;
    if (lineEnd >= limit) break;
    lineStart = lineEnd + 1;
  }
  return chars.join('');
}

/** `["sh", "-c", "script"]` → the script as a segment; another exec form → an empty segment list (null = not exec form). */
function execFormScript(body: string, bodyStart: number): ShellSegment | undefined | null {
  let array: unknown;
  try {
    array = JSON.parse(body.replace(/\\\r?\n/g, '  '));
  } catch {
    return null;
  }
  if (!Array.isArray(array) || !array.every((s) => typeof s === 'string')) return null;
  const words = array;
  if (words.length >= 3 && SHELL_NAME.test(words[0]) && words[1] === '-c') {
    const script = words[2];
    const raw = JSON.stringify(script);
    const at = body.indexOf(raw);
    // Only when the JSON string has no escapes is there an exact offset mapping.
    if (at !== -1 && raw.length === script.length + 2) return { text: script, base: bodyStart + at + 1 };
    return undefined;
  }
  // A direct exec: read it as one command line when the strings map exactly onto the text.
  const chars: string[] = new Array<string>(body.length).fill(' ');
  let cursor = 0;
  for (const w of words) {
    const raw = JSON.stringify(w);
    const at = body.indexOf(raw, cursor);
    if (at === -1 || raw.length !== w.length + 2 || /[\s'"$`\\;&|<>()#]/.test(w)) return undefined;
    for (let i = 0; i < w.length; i++) chars[at + 1 + i] = w[i];
    cursor = at + raw.length;
  }
  return { text: chars.join(''), base: bodyStart };
}

function shiftWord(w: ShellWord, by: number): ShellWord {
  return { ...w, start: w.start + by, end: w.end + by };
}

function shiftCommand(c: ShellCommand, by: number): ShellCommand {
  if (by === 0) return c;
  return {
    ...c,
    name: c.name ? shiftWord(c.name, by) : undefined,
    args: c.args.map((a) => shiftWord(a, by)),
    assignments: c.assignments.map((a) => ({ ...a, start: a.start + by, end: a.end + by, value: a.value ? shiftWord(a.value, by) : undefined })),
    start: c.start + by,
    end: c.end + by,
    guards: c.guards.map((g) => ({ ...g, start: g.start + by, end: g.end + by })),
  };
}
