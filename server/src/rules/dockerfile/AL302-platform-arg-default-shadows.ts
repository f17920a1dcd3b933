/** AL302: `ARG TARGETARCH=amd64` — a default on an automatic platform ARG pins what BuildKit would set per platform. */
import { defineRule } from '../../core/rule';
import { isPlatformArg, type DockerfileModel } from '../../dockerfile/model';
import { normalizePlatform, type Platform } from '../../images/platform';
import { scanVarRefs } from '../../dockerfile/vars';
import { anchors, rangeOf } from './util';

const messages = {
  defaultShadows: (d: { written: string; name: string; value: string }) =>
    `\`ARG ${d.written}\` gives the automatic platform ARG ${d.name} a default: it overrides the value BuildKit sets for the platform being built, so every platform's build sees '${d.value}'. Declare it without a default.`,
  /** A BUILD* ARG: the default stands for the build machine, so what changes is where builder stages run, not what the image holds. */
  buildDefaultShadows: (d: { written: string; name: string; value: string }) =>
    `\`ARG ${d.written}\` gives the automatic platform ARG ${d.name} a default: it overrides the build machine's platform that BuildKit sets, so on every build machine the stages that use it run as '${d.value}' — emulated on other machines (slow, or failing where no emulator is installed). Declare it without a default.`,
};

export const AL302 = defineRule<DockerfileModel>()({
  meta: {
    code: 'AL302',
    name: 'platform-arg-default-shadows',
    kind: 'offline',
    defaultSeverity: 'warning',
    fileKinds: ['dockerfile'],
    summary: 'A default on an automatic platform ARG (ARG TARGETARCH=amd64) overrides the value BuildKit sets for each platform.',
    messages,
    fixable: true,
  },
  check(ctx) {
    if (windowsBuild(ctx.model, ctx.file)) return;
    for (const arg of ctx.model.allArgs) {
      if (arg.value === undefined || !isPlatformArg(arg.name)) continue;
      if (emptyAsBuildKitSetsIt(arg.name, arg.value, ctx.config.targets)) continue;
      if (boundToFileParameter(ctx.model, arg.value)) continue;
      const written = ctx.text.slice(arg.start, arg.end);
      ctx.report({
        range: rangeOf(ctx, arg.start, arg.end),
        suppressionAnchors: anchors(arg.instruction),
        messageId: arg.name.startsWith('BUILD') ? 'buildDefaultShadows' : 'defaultShadows',
        data: { written, name: arg.name, value: arg.value },
        fixes: [{
          title: `Drop the default (ARG ${arg.name})`,
          preferred: true,
          edits: [{ range: rangeOf(ctx, arg.nameEnd, arg.end), newText: '' }],
        }],
      });
    }
  },
});

/**
 * A Windows container build (a Windows base in any stage, or a `Dockerfile.windows` name): a
 * Windows daemon builds the whole file, mostly with the classic builder, which sets no automatic
 * platform ARGs. There `ARG TARGETARCH=amd64` is the only value the file gets, and dropping it
 * breaks `COPY windows_${TARGETARCH}` (aws/amazon-cloudwatch-agent Dockerfile.Windows).
 */
function windowsBuild(model: DockerfileModel, file: string): boolean {
  return model.stages.some((s) => s.windows) || /(?:^|[\\/])Dockerfile\.windows$/i.test(file);
}

/**
 * `ARG TARGETVARIANT=""` while no target platform has a variant (amd64, arm64): BuildKit sets the
 * same empty value for every target, so the default changes nothing they build — it is written as a
 * declaration. (Dropping it is not harmless either: a 32-bit arm build would then pass `v7` to
 * `GOARM=${TARGETVARIANT}`, which Go rejects.) A non-empty default is a pin, reported as ever.
 */
function emptyAsBuildKitSetsIt(name: string, value: string, targets: readonly Platform[]): boolean {
  return name === 'TARGETVARIANT' && value === '' && targets.length > 0 && targets.every((t) => !normalizePlatform(t).variant);
}

/**
 * `ARG TARGETARCH=${ARCH}` in a Dockerfile built throughout from its own ARCH parameter (`COPY
 * _output/${ARCH}/plugin`, `RUN if [ "$ARCH" = arm64 ]`): the author ties the platform ARG to the
 * architecture the whole file is built for, on purpose (kubernetes-sigs/blob-csi-driver, whose every
 * build passes `--build-arg ARCH=` with the matching `--platform`). Dropping the default would
 * only let the downloads disagree with the binaries the file copies by ARCH. Whether the builds pass
 * that parameter is the build scripts' business. The default must be that one reference alone, to
 * an ARG that is not itself a platform ARG and that other instructions (not ARG lines) use.
 */
function boundToFileParameter(model: DockerfileModel, value: string): boolean {
  const refs = scanVarRefs(value);
  if (refs.length !== 1 || refs[0].start !== 0 || refs[0].end !== value.length) return false;
  const name = refs[0].name;
  if (isPlatformArg(name)) return false;
  return model.instructions.some((ins) => ins.keyword !== 'ARG' && ins.keyword !== 'FROM'
    && scanVarRefs(model.text.slice(ins.argsStart, ins.end)).some((r) => r.name === name));
}
