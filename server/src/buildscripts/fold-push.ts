/**
 * Folding a separate push into the build (issue 12): `docker build -t X .` … `docker push X` becomes
 * `docker buildx build --platform … --push -t X .`, the push commands removed. Docker's classic image
 * store keeps one platform, so a multi-platform image cannot be built, kept and then pushed; a buildx
 * build that pushes itself needs no store. Only offered where the edit is safe to make blind:
 * - the build is `docker build`/`docker buildx build` that neither loads nor exports its result;
 * - every later command of the unit that names one of its tags is a plain `docker push TAG` that can
 *   be removed whole (on its own line, or joined by `&&`) — a `docker tag`, `docker run` or `docker save`
 *   of the image needs it in the local store, which a pushing build leaves empty;
 * - build and pushes are in one block of text (one recipe, one `run:` block, one function), so the
 *   push does not move into another target or step that runs on its own.
 */
import type { LineIndex } from '../core/text';
import type { ShellCommand, ShellWord } from '../shell/shell';
import type { FoldPush } from './model';

/** A build's fold as its command allows it, before the unit's later commands are known. */
export interface FoldCandidate {
  /** The classic verb words (`build`, `image build`) to become `buildx build`; absent for a buildx build. */
  verb?: { start: number; end: number };
  /** After the verb: where ` --push` (and a new `--platform`) go. */
  at: number;
  command: ShellCommand;
  pushes: ShellCommand[];
  /** A later command uses the image from the local store, or a push cannot be removed as it is. */
  blocked: boolean;
}

/** The fold a build command allows: docker only, not loading or exporting (`--load`, `--output`, `-o`). */
export function foldCandidate(tool: string, rest: readonly ShellWord[], verbStart: number, verbAt: number, verbName: string, command: ShellCommand): FoldCandidate | undefined {
  if (tool !== 'docker') return undefined;
  const args = rest.slice(verbAt);
  if (args.some((w) => /^(?:--load|--output|-o|--push)(?:=|$)/.test(w.text) || /^-o./.test(w.text))) return undefined;
  const last = rest[verbAt - 1];
  const classic = !verbName.startsWith('buildx');
  return { ...(classic ? { verb: { start: rest[verbStart].start, end: last.end } } : {}), at: last.end, command, pushes: [], blocked: false };
}

/** Leading whitespace, a Make recipe prefix (`@`, `-`, `+`) or a YAML item marker (`- `). */
const LINE_LEAD = /^[\t ]*(?:[@+-]+[\t ]*|- +)?$/;

function indentOf(line: string): number {
  return /^[\t ]*/.exec(line)![0].length;
}

/** The text to remove for one push command so that the script still runs the rest; undefined when there is no such cut. */
function removal(push: ShellCommand, lines: LineIndex): { start: number; end: number } | undefined {
  if (push.guards.length > 0) return undefined;
  const text = lines.text;
  const after = text.slice(push.end);
  // `build && docker push X` (a continuation line included): cut from the `&&`.
  const joinedBefore = joinedBeforeLength(text, push.start);
  const lineEnd = /^[ \t]*(?:\r?\n|$)/.exec(after);
  if (joinedBefore !== undefined && lineEnd) return { start: push.start - joinedBefore, end: push.end };
  // `docker push X && next` (at the start of a line, or between two `&&`): cut up to the next command.
  const joinedAfter = /^[ \t]*&&[ \t]*(?:\\\r?\n[ \t]*)?/.exec(after);
  const lineStart = lines.lineStarts[lines.positionAt(push.start).line];
  const lead = text.slice(lineStart, push.start);
  if (joinedAfter && (joinedBefore !== undefined || LINE_LEAD.test(lead))) return { start: push.start, end: push.end + joinedAfter[0].length };
  // A line of its own (not continued from the line before): the whole line goes.
  if (!LINE_LEAD.test(lead) || !lineEnd) return undefined;
  const line = lines.positionAt(push.start).line;
  if (line > 0 && /(?:\\|&&|\|\||\|)[ \t]*\r?$/.test(lines.lineText(line - 1))) return undefined;
  const next = lines.lineStarts[line + 1] ?? text.length;
  return { start: lineStart, end: next };
}

const isBlank = (c: string | undefined) => c === ' ' || c === '\t';

/**
 * The length of the `&&` joint (blanks, `&&`, blanks, an optional line continuation and its
 * indent) that ends at `end`, or undefined. Scanned backwards by hand: a regex anchored at the end
 * (`/[ \t]*&&…$/`) tries every start position, quadratic on a long run of blanks.
 */
function joinedBeforeLength(text: string, end: number): number | undefined {
  let i = end;
  while (isBlank(text[i - 1])) i--;
  if (text[i - 1] === '\n') {
    let k = i - 1;
    if (text[k - 1] === '\r') k--;
    if (text[k - 1] !== '\\') return undefined;
    i = k - 1;
    while (isBlank(text[i - 1])) i--;
  }
  if (text[i - 1] !== '&' || text[i - 2] !== '&') return undefined;
  i -= 2;
  while (isBlank(text[i - 1])) i--;
  return end - i;
}

/** Whether build and push are in one block: no line between them is indented less than the push's. */
function sameBlock(build: ShellCommand, push: ShellCommand, lines: LineIndex): boolean {
  if (push.start < build.end) return false;
  const first = lines.positionAt(build.start).line;
  const last = lines.positionAt(push.start).line;
  const indent = indentOf(lines.lineText(last));
  if (indentOf(lines.lineText(first)) !== indent && first !== last) return false;
  for (let l = first + 1; l < last; l++) {
    const t = lines.lineText(l);
    if (t.trim() !== '' && indentOf(t) < indent) return false;
  }
  return true;
}

/** The fold of a build whose pushes and local uses are known; undefined when it is not safe. */
export function foldOf(candidate: FoldCandidate, lines: LineIndex): FoldPush | undefined {
  if (candidate.blocked || candidate.pushes.length === 0) return undefined;
  const removals: FoldPush['removals'] = [];
  for (const push of candidate.pushes) {
    if (!sameBlock(candidate.command, push, lines)) return undefined;
    const cut = removal(push, lines);
    if (!cut) return undefined;
    removals.push(cut);
  }
  return {
    ...(candidate.verb ? { verb: candidate.verb } : {}),
    at: candidate.at,
    removals,
    lines: candidate.pushes.map((p) => lines.positionAt(p.start).line + 1),
  };
}
