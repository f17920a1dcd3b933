/**
 * AL301: `$TARGETARCH` & co. used in a stage that does not declare them. BuildKit sets the automatic
 * platform ARGs for the global scope only; inside a stage they are empty until `ARG TARGETARCH`.
 */
import type { Rule } from '../../engine/rule';
import { declaredIn, type DockerfileModel } from '../../dockerfile/model';
import { PLATFORM_ARG_SET, scanVarRefs } from '../../dockerfile/vars';
import { anchors, declareArgsEdit, inCommentLine, rangeOf, stageLabel } from './util';

const USES = new Set(['RUN', 'COPY', 'ADD', 'ENV', 'WORKDIR']);

export const AL301: Rule<DockerfileModel> = {
  meta: {
    code: 'AL301',
    name: 'platform-arg-not-in-scope',
    kind: 'offline',
    defaultSeverity: 'error',
    fileKinds: ['dockerfile'],
    summary: 'An automatic platform ARG ($TARGETARCH, $BUILDPLATFORM, …) is used in a stage that does not declare it, so it expands to an empty string.',
  },
  check(ctx) {
    const { model, text } = ctx;
    for (const stage of model.stages) {
      for (const ins of stage.instructions) {
        if (!USES.has(ins.keyword)) continue;
        const body = text.slice(ins.argsStart, ins.end);
        if (!body.includes('$')) continue;
        for (const ref of scanVarRefs(body, ins.argsStart, model.escape)) {
          if (!PLATFORM_ARG_SET.has(ref.name)) continue;
          const written = text.slice(ref.start, ref.end);
          // `${TARGETARCH:-amd64}` falls back to its default instead of expanding to nothing.
          if (/^\$\{[A-Z]+:?-/.test(written)) continue;
          if (declaredIn(model, stage, ref.name, ref.start)) continue;
          if (inCommentLine(text, ref.start)) continue;
          const edit = declareArgsEdit(ctx, stage, [ref.name], ref.start);
          ctx.report({
            range: rangeOf(ctx, ref.start, ref.end),
            message: `${written} is used in ${stageLabel(stage)} without \`ARG ${ref.name}\` in that stage: it expands to an empty string. Automatic platform ARGs must be declared in every stage that uses them.`,
            suppressionAnchors: anchors(ins),
            fixes: edit ? [{ title: `Declare ARG ${ref.name} in ${stageLabel(stage)}`, preferred: true, edits: [edit] }] : [],
          });
        }
      }
    }
  },
};
