/** AL311: `FROM amd64/alpine` — Docker Hub's per-architecture namespaces hold single-arch images. */
import type { Rule } from '../../engine/rule';
import type { Fix } from '../../engine/types';
import type { DockerfileModel } from '../../dockerfile/model';
import { parseImageReference } from '../../images/reference';
import { parsePlatform } from '../../images/platform';
import { rangeOf } from './util';

/** Docker Hub namespace → the architecture its images are built for. */
const ARCH_NAMESPACES: Record<string, string> = {
  amd64: 'amd64', arm64v8: 'arm64', arm32v7: 'arm/v7', arm32v6: 'arm/v6', arm32v5: 'arm/v5',
  i386: '386', ppc64le: 'ppc64le', s390x: 's390x', riscv64: 'riscv64', mips64le: 'mips64le',
};

export const AL311: Rule<DockerfileModel> = {
  meta: {
    code: 'AL311',
    name: 'arch-namespace-base-image',
    kind: 'offline',
    defaultSeverity: 'warning',
    fileKinds: ['dockerfile'],
    summary: 'FROM an image in an architecture namespace (amd64/…, arm64v8/…): single-arch by construction.',
  },
  check(ctx) {
    for (const stage of ctx.model.stages) {
      if (stage.base.kind !== 'image' || stage.windows) continue;
      const parsed = parseImageReference(stage.base.resolved);
      if (!parsed.ok || parsed.ref.registry !== 'docker.io') continue;
      const namespace = parsed.ref.repository.split('/')[0];
      const arch = ARCH_NAMESPACES[namespace];
      if (!arch || !parsed.ref.repository.includes('/')) continue;
      // A stage pinned to that very architecture asked for it.
      if (stage.ownPlatform.kind === 'constant') {
        const p = parsePlatform(stage.ownPlatform.value!);
        if (p && (p.variant ? `${p.architecture}/${p.variant}` : p.architecture) === arch) continue;
      }
      const base = stage.base;
      const fixes: Fix[] = [];
      const at = base.raw.indexOf(`${namespace}/`);
      if (at !== -1 && !base.raw.includes('$') && (at === 0 || base.raw[at - 1] === '/')) {
        fixes.push({
          title: `Use the multi-platform image (drop '${namespace}/')`,
          preferred: true,
          edits: [{ range: rangeOf(ctx, base.start + at, base.start + at + namespace.length + 1), newText: '' }],
        });
      }
      ctx.report({
        range: rangeOf(ctx, base.start, base.end),
        message: `${base.resolved} comes from Docker Hub's '${namespace}/' namespace, which publishes linux/${arch} only: every platform of this build gets a linux/${arch} base (exec format error elsewhere). The same image without the namespace is multi-platform.`,
        fixes,
      });
    }
  },
};
