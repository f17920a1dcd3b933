/** AL311: `FROM amd64/alpine` — Docker Hub's per-architecture namespaces hold single-arch images. */
import { defineRule } from '../../core/rule';
import type { Fix } from '../../core/types';
import type { DockerfileModel, Stage } from '../../dockerfile/model';
import { archesNamed } from '../../dockerfile/arch-downloads';
import { archNamespace } from '../../images/arch-tokens';
import { parsePlatform } from '../../images/platform';
import { scanVarRefs } from '../../dockerfile/vars';
import { anchors, deliberateArch, onExportChain, pathNamedArchs, rangeOf, reaches, type Ctx } from './util';

const messages = {
  /**
   * `builder`: the stage's output is copied into the image (it is not the image itself); `arg`: the
   * ARG whose default names the whole image (`FROM ${BASEIMAGE}`), absent when written in the FROM:
   * a build that sets that ARG replaces the image (imagemap/deliberate.ts withoutReplacedArgBases).
   */
  archNamespace: (d: { image: string; namespace: string; arch: string; builder: boolean; arg?: string }) =>
    `${d.image} comes from Docker Hub's '${d.namespace}/' namespace, which publishes linux/${d.arch} only: every platform of this build gets a linux/${d.arch} ${d.builder ? 'builder, whose output the image copies' : 'base'} (exec format error elsewhere). The same image without the namespace is multi-platform.`,
};

/** The 1-based line of the stage's first RUN/ADD whose URLs name `arch` (GOARCH), if any. */
function stageDownloadsArch(ctx: Ctx, stage: Stage, arch: string): number | undefined {
  const ins = stage.instructions.find((i) => (i.keyword === 'RUN' || i.keyword === 'ADD') && archesNamed(ctx.model.text.slice(i.argsStart, i.end), true).has(arch));
  return ins ? ins.line + 1 : undefined;
}

export const AL311 = defineRule<DockerfileModel>()({
  meta: {
    code: 'AL311',
    name: 'arch-namespace-base-image',
    kind: 'offline',
    defaultSeverity: 'warning',
    fileKinds: ['dockerfile'],
    summary: 'FROM an image in an architecture namespace (amd64/…, arm64v8/…): single-arch by construction.',
    messages,
    fixable: true,
  },
  check(ctx) {
    // One Dockerfile per architecture, named or filed for it (Azure/iotedge's
    // docker/linux/arm32v7/Dockerfile on arm32v7/nginx, each built only for its own platform and
    // joined in a manifest list): that architecture's namespace is the one it is meant to use.
    const named = pathNamedArchs(ctx.file);
    for (const stage of ctx.model.stages) {
      if (stage.base.kind !== 'image' || stage.windows) continue;
      // Like AL303: a stage no build of the exported image selects (FROM <stage>, COPY --from, an ARG-chosen FROM) is not its business.
      if (!reaches(ctx, stage)) continue;
      const base = stage.base;
      // Lexically on the text as written when that is the name; else on the ARG-resolved name (no fix then).
      const asWritten = base.raw === base.resolved ? archNamespace(base.raw) : undefined;
      const found = asWritten ?? archNamespace(base.resolved);
      if (!found || found.os !== 'linux') continue;
      const arch = found.variant ? `${found.arch}/${found.variant}` : found.arch;
      // A stage pinned to that very architecture asked for it.
      if (stage.ownPlatform.kind === 'constant') {
        const p = parsePlatform(stage.ownPlatform.value!);
        if (p && (p.variant ? `${p.architecture}/${p.variant}` : p.architecture) === arch) continue;
      }
      // So did a stage whose name, ARG or QEMU emulator says it is on that architecture (emulated package builds).
      if (deliberateArch(ctx.model, stage) === found.arch || named.has(found.arch)) continue;
      const builder = !onExportChain(ctx, stage);
      const refs = asWritten ? [] : scanVarRefs(base.raw);
      const arg = refs.length === 1 && refs[0].start === 0 && refs[0].end === base.raw.length ? refs[0].name : undefined;
      // The image itself: per target is what the build asks for. A builder's output may be meant for
      // that architecture whatever the target, and dropping the namespace would turn it into the build
      // target's: offered, not preferred.
      // A stage that downloads that architecture's files (algorand/go-algorand's cicd.alpine.Dockerfile:
      // arm32v6/golang, then an armhf .deb) would get them on every other platform's base once the
      // namespace is gone: offered, not preferred.
      const downloads = stageDownloadsArch(ctx, stage, found.arch);
      const fixes: Fix[] = asWritten ? [{
        title: `Use the multi-platform image (drop '${found.namespace}/')${downloads ? ` — not applied by --fix: the stage downloads ${arch} files (line ${downloads}): choose them per platform first` : ''}`,
        preferred: !builder && !downloads,
        edits: [{ range: rangeOf(ctx, base.start + found.start, base.start + found.removeEnd), newText: '' }],
      }] : [];
      ctx.report({
        range: rangeOf(ctx, base.start, base.end),
        suppressionAnchors: anchors(stage.from),
        messageId: 'archNamespace',
        data: { image: base.resolved, namespace: found.namespace, arch, builder, ...(arg ? { arg } : {}) },
        fixes,
      });
    }
  },
});
