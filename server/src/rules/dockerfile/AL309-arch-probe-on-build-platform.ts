/** AL309: `uname -m`, `arch`, `dpkg --print-architecture`, `apk --print-arch` in a $BUILDPLATFORM stage describe the build machine. */
import type { Rule } from '../../engine/rule';
import type { DockerfileModel } from '../../dockerfile/model';
import { anchors, rangeOf, stageLabel } from './util';

const PROBE = /\b(?:uname\s+(?:-[a-zA-Z]*m[a-zA-Z]*|--machine)|dpkg\s+--print-architecture|apk\s+--print-arch|arch)\b/g;

export const AL309: Rule<DockerfileModel> = {
  meta: {
    code: 'AL309',
    name: 'arch-probe-on-build-platform',
    kind: 'offline',
    defaultSeverity: 'warning',
    fileKinds: ['dockerfile'],
    summary: 'uname -m, arch, dpkg --print-architecture or apk --print-arch in a $BUILDPLATFORM stage describe the build machine, not the target.',
  },
  check(ctx) {
    for (const stage of ctx.model.stages) {
      if (stage.platform.kind !== 'build' || stage.windows) continue;
      for (const run of stage.runs) {
        if (!/uname|arch/.test(run.view.body)) continue;
        for (const segment of run.view.segments) {
          PROBE.lastIndex = 0;
          for (let m = PROBE.exec(segment.text); m; m = PROBE.exec(segment.text)) {
            const start = segment.base + m.index;
            const end = start + m[0].length;
            if (m[0] === 'arch') {
              // `arch` alone must be a command name, not a word like `--arch` or `$arch`.
              const isCommand = run.view.commands().some((c) => c.name && c.name.start === start && c.name.end === end);
              if (!isCommand) continue;
            }
            if (lineIsComment(segment.text, m.index)) continue;
            ctx.report({
              range: rangeOf(ctx, start, end),
              message: `\`${m[0]}\` in ${stageLabel(stage)}, which runs on $BUILDPLATFORM, reports the build machine's architecture, not the target's. Use $TARGETARCH (declare ARG TARGETARCH) to choose what the image gets.`,
              suppressionAnchors: anchors(run.instruction),
            });
          }
        }
      }
    }
  },
};

function lineIsComment(text: string, index: number): boolean {
  const lineStart = text.lastIndexOf('\n', index - 1) + 1;
  const before = text.slice(lineStart, index);
  return /^\s*#/.test(before) || /\s#/.test(before);
}
