/**
 * AL301: `$TARGETARCH` & co. used in a stage that does not declare them. BuildKit sets the automatic
 * platform ARGs for the global scope only; inside a stage they are empty until `ARG TARGETARCH`.
 */
import { defineRule } from '../../core/rule';
import { formatPlatform, type Platform } from '../../images/platform';
import { declaredIn, verbatimHeredocs, type DockerfileModel } from '../../dockerfile/model';
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
