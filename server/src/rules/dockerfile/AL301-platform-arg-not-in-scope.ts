/**
 * AL301: `$TARGETARCH` & co. used in a stage that does not declare them. BuildKit sets the automatic
 * platform ARGs for the global scope only; inside a stage they are empty until `ARG TARGETARCH`.
 */
import { defineRule } from '../../core/rule';
import { formatPlatform, type Platform } from '../../images/platform';
import { declaredIn, verbatimHeredocs, type DfInstruction, type DockerfileModel, type Stage } from '../../dockerfile/model';
import { PLATFORM_ARG_SET, scanVarRefs } from '../../dockerfile/vars';
import { anchors, declareArgsEdit, inCommentLine, rangeOf, stageLabel } from './util';

/** Instructions whose arguments see the stage's ARGs: the shell of RUN, and BuildKit's own expansion. */
const USES = new Set(['RUN', 'COPY', 'ADD', 'ENV', 'WORKDIR', 'ARG', 'LABEL']);

const messages = {
  /** `written`: the reference as written ("${TARGETARCH:-amd64}"); `fallback`: its default, when it has one. */
  notInScope: (d: { written: string; name: string; stage: string; fallback?: string }) =>
    (d.fallback === undefined
      ? `${d.written} expands to an empty string in ${d.stage}: the stage has no \`ARG ${d.name}\`.`
      : `${d.written} is always '${d.fallback}' in ${d.stage}, whatever platform is built: the stage has no \`ARG ${d.name}\`, so ${d.name} is never set there.`)
    + ' Automatic platform ARGs must be declared in every stage that uses them.',
};

/** Shell builtins whose `NAME=value` sets the variable for the rest of the script. */
const SETTERS = new Set(['export', 'declare', 'typeset', 'readonly', 'local']);

/**
 * Where the stage (or a stage it is built FROM) copies build-context files: COPY/ADD destinations
 * with their sources' names, and folders (ending in `/`) that a copied folder fills.
 */
function copiedPaths(model: DockerfileModel, stage: Stage, before: number): Set<string> {
  const paths = new Set<string>();
  for (let s: Stage | undefined = stage, limit = before; s; ) {
    for (const ins of s.instructions) {
      if ((ins.keyword !== 'COPY' && ins.keyword !== 'ADD') || ins.start >= limit) continue;
      const words = model.text.slice(ins.argsStart, ins.end).replace(/\\\r?\n/g, ' ').trim().split(/\s+/);
      // Files of another stage or image, and the JSON form, are left out: only the project's own files count.
      if (words.some((w) => /^--from=/.test(w)) || words[0]?.startsWith('[')) continue;
      const operands = words.filter((w) => !w.startsWith('--'));
      const dest = operands.pop();
      if (!dest || operands.some((w) => /^(?:https?:\/\/|git@)/.test(w))) continue;
      paths.add(dest);
      for (const src of operands) {
        // A folder (`COPY scripts/ /scripts/`, `COPY . /build`) brings every file under the destination.
        if (src === '.' || src.endsWith('/')) paths.add(`${dest.replace(/\/$/, '')}/`);
        else if (dest.endsWith('/')) paths.add(dest + src.slice(src.lastIndexOf('/') + 1));
      }
    }
    if (s.base.kind !== 'stage') break;
    s = model.stages[s.base.stage];
    limit = Number.MAX_SAFE_INTEGER;
  }
  return paths;
}

/**
 * True when the RUN's own script sets `name` before `offset`: a plain or `export NAME=value`
 * assignment, or sourcing (`. /buildenv.sh`) a script the stage copied from the build context,
 * which archlens cannot read and which derives the value itself (apptainer's dist/docker: buildenv.sh
 * maps $TARGETPLATFORM to TARGETARCH=ppc64el and the like). A prefix `NAME=v cmd $NAME` does not
 * count: the shell expands the argument before the assignment applies.
 */
function setInScript(model: DockerfileModel, stage: Stage, ins: DfInstruction, name: string, offset: number): boolean {
  const run = stage.runs.find((r) => r.instruction === ins);
  if (!run || !run.view.body.includes(name)) return false;
  let copied: Set<string> | undefined;
  return run.view.commands().some((c) => {
    if (c.start >= offset) return false;
    if (c.assignments.some((a) => a.name === name && a.value && a.end <= offset) && (!c.name || SETTERS.has(c.name.text))) return true;
    if (c.end > offset || (c.name?.text !== '.' && c.name?.text !== 'source') || !c.args[0]) return false;
    copied ??= copiedPaths(model, stage, ins.start);
    const sourced = c.args[0].text;
    return [...copied].some((p) => p === sourced || (p.endsWith('/') && sourced.startsWith(p)));
  });
}

/** What BuildKit sets a target platform ARG to when building for `target`; undefined for the build machine's, which no config names. */
function targetValue(name: string, target: Platform): string | undefined {
  switch (name) {
    case 'TARGETOS': return target.os;
    case 'TARGETARCH': return target.architecture;
    case 'TARGETVARIANT': return target.variant ?? '';
    case 'TARGETPLATFORM': return formatPlatform(target);
    default: return undefined;
  }
}

export const AL301 = defineRule<DockerfileModel>()({
  meta: {
    code: 'AL301',
    name: 'platform-arg-not-in-scope',
    kind: 'offline',
    defaultSeverity: 'error',
    fileKinds: ['dockerfile'],
    summary: 'An automatic platform ARG ($TARGETARCH, $BUILDPLATFORM, …) is used in a stage that does not declare it, so it expands to an empty string.',
    messages,
    fixable: true,
  },
  check(ctx) {
    const { model, text } = ctx;
    for (const stage of model.stages) {
      for (const ins of stage.instructions) {
        if (!USES.has(ins.keyword)) continue;
        const body = text.slice(ins.argsStart, ins.end);
        if (!body.includes('$')) continue;
        const verbatim = verbatimHeredocs(model, ins);
        for (const ref of scanVarRefs(body, ins.argsStart, model.escape)) {
          if (!PLATFORM_ARG_SET.has(ref.name)) continue;
          if (verbatim.some(([a, b]) => a <= ref.start && ref.start < b)) continue;
          const written = text.slice(ref.start, ref.end);
          if (declaredIn(model, stage, ref.name, ref.start)) continue;
          if (inCommentLine(text, ref.start)) continue;
          if (ins.keyword === 'RUN' && setInScript(model, stage, ins, ref.name, ref.start)) continue;
          // `${TARGETARCH:-amd64}` never sees the platform either: it always falls back to its default.
          const fallback = /^\$\{[A-Z]+:?-(.+)\}$/.exec(written)?.[1];
          // …which changes nothing when it is what BuildKit would set for every target (kubebuilder's `${TARGETOS:-linux}`).
          if (fallback !== undefined && ctx.config.targets.every((t) => targetValue(ref.name, t) === fallback)) continue;
          const edit = declareArgsEdit(ctx, stage, [ref.name], ref.start);
          ctx.report({
            range: rangeOf(ctx, ref.start, ref.end),
            messageId: 'notInScope',
            data: { written, name: ref.name, stage: stageLabel(stage), ...(fallback === undefined ? {} : { fallback }) },
            suppressionAnchors: anchors(ins),
            fixes: edit ? [{ title: `Declare ARG ${ref.name} in ${stageLabel(stage)}`, preferred: true, edits: [edit] }] : [],
          });
        }
      }
    }
  },
});
