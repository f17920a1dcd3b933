/**
 * Issue 12: every kind of preferred fix is proved on a must-fire fixture — the fixed text parses,
 * re-checks clean for that finding (nothing else appears or goes: applyFixAndRelint), and keeps every
 * arch-dependent reference of the same command or file consistent (consistent() below). The table
 * has one case per rule whose meta says it fixes; a new fixable rule without a case fails here.
 */
import * as assert from 'node:assert/strict';
import { allRuleMetas } from '../../server/src/rules/catalog';
import { applyEdits } from '../../server/src/core/text';
import type { Fix } from '../../server/src/core/types';
import { applyFixAndRelint, findingsOf, type LintOptions } from '../helpers/lint';
import { releaseWorkflow } from '../helpers/release-workflow';
import { DIGEST, indexOf, lookups, singleOf } from '../unit/kubernetes/lookups';
import { deploy, opts as k8sRegistry, MULTI } from './kubernetes/registry-fixtures';
import { pod } from './kubernetes/fixtures';
import { D_AMD, registryOpts as dockerRegistry } from './dockerfile/registry-fixtures';

interface ProofCase extends LintOptions {
  text: string;
  /** The rule never prefers its fix (why): the fix it offers is proved instead. */
  neverPreferred?: string;
}

const DF = { file: 'Dockerfile' };
const AFFINITY_AMD_ARM = '      affinity:\n        nodeAffinity:\n          requiredDuringSchedulingIgnoredDuringExecution:\n            nodeSelectorTerms:\n            - matchExpressions:\n              - key: kubernetes.io/arch\n                operator: In\n                values: [amd64, arm64]\n';
const PINNED_CHILD = `docker.io/library/multi@${DIGEST(100)}`;
const BUILT = { ROOT: '/repo', MANIFEST: '/repo/k8s/api.yaml', WORKFLOW: '/repo/.github/workflows/release.yml', DOCKERFILE: '/repo/api/Dockerfile' };

/** One must-fire fixture per fixable rule, each with a preferred fix. */
const CASES: Record<string, ProofCase> = {
  AL101: { text: pod('  nodeSelector:\n    kubernetes.io/arch: x86_64\n') },
  AL102: { text: pod('  nodeSelector:\n    beta.kubernetes.io/arch: arm64\n') },
  AL103: {
    text: pod('  affinity:\n    nodeAffinity:\n      requiredDuringSchedulingIgnoredDuringExecution:\n        nodeSelectorTerms:\n        - matchExpressions:\n          - key: kubernetes.io/arch\n            operator: In\n            values: [arm64]\n        - matchExpressions:\n          - key: kubernetes.io/hostname\n            operator: Exists\n'),
  },
  // An arch label that selects no node (a toleration alone gets its nodeSelector offered, not preferred: a multi-arch image may mean it).
  AL105: { text: pod('').replace('  name: p\n', '  name: p\n  labels:\n    kubernetes.io/arch: arm64\n') },
  AL106: { text: pod('', 'arm64v8/nginx:1.27') },
  AL201: { text: deploy(AFFINITY_AMD_ARM, ['amdonly:1', 'multi:1']), ...k8sRegistry },
  AL202: { text: deploy('', ['amdonly:1']), ...k8sRegistry },
  AL204: {
    text: deploy('      affinity:\n        nodeAffinity:\n          preferredDuringSchedulingIgnoredDuringExecution:\n          - weight: 50\n            preference:\n              matchExpressions:\n              - {key: kubernetes.io/arch, operator: In, values: [amd64]}\n', ['amdonly:1']),
    ...k8sRegistry,
  },
  AL205: {
    text: deploy('      nodeSelector: {kubernetes.io/arch: amd64}\n', [`multi:1@${DIGEST(100)}`]),
    lookups: lookups({ [MULTI]: indexOf(MULTI, ['linux/amd64', 'linux/arm64']), [PINNED_CHILD]: singleOf(PINNED_CHILD, 'linux/amd64', DIGEST(100)) }),
  },
  AL206: { text: deploy('', ['arm32:1']), ...k8sRegistry },
  AL207: { text: deploy('', ['win:2']), lookups: lookups({ 'docker.io/library/win:2': indexOf('docker.io/library/win:2', ['windows/amd64', 'windows/arm64']) }) },
  AL208: {
    text: deploy('      nodeSelector:\n        kubernetes.io/arch: amd64\n', ['multi:1']),
    ...k8sRegistry,
    neverPreferred: 'a pin can have reasons archlens cannot see (AL208-over-pinned.ts)',
  },
  AL210: {
    file: BUILT.MANIFEST,
    text: `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n    spec:\n      containers:\n      - name: api\n        image: ghcr.io/acme/api:1.4.2\n`,
    workspace: { [BUILT.DOCKERFILE]: 'FROM gcr.io/distroless/static\nCOPY api /api\n', [BUILT.WORKFLOW]: releaseWorkflow('linux/amd64') },
  },
  AL301: { ...DF, text: 'FROM golang:1.22\nRUN GOARCH=$TARGETARCH go build -o /app .\n' },
  AL302: { ...DF, text: 'FROM alpine:3.20\nARG TARGETARCH=amd64\nRUN echo $TARGETARCH\n' },
  AL303: { ...DF, text: 'FROM --platform=linux/amd64 alpine:3.20\nRUN echo hi\n' },
  AL304: { ...DF, text: 'FROM --platform=$TARGETPLATFORM alpine:3.20\nRUN echo hi\n' },
  AL305: { ...DF, text: 'FROM alpine:3.20 AS base\nFROM --platform=linux/amd64 base\nRUN echo hi\n' },
  AL306: { ...DF, text: 'FROM --platform=$BUILDPLATFORM golang:1.22 AS build\nRUN go build -o /out/app .\nFROM alpine:3.20\nCOPY --from=build /out/app /app\n' },
  AL307: { ...DF, text: 'FROM golang:1.22 AS build\nRUN GOARCH=amd64 go build -o /out/app .\nFROM alpine:3.20\nCOPY --from=build /out/app /app\n' },
  AL308: { ...DF, text: 'FROM alpine:3.20\nRUN curl -fsSLO https://get.helm.sh/helm-v3.19.0-linux-amd64.tar.gz && tar -xzf helm-v3.19.0-linux-amd64.tar.gz && mv linux-amd64/helm /usr/local/bin/helm\n' },
  AL309: { ...DF, text: 'FROM --platform=$BUILDPLATFORM debian:12 AS fetch\nRUN echo "deb for $(dpkg --print-architecture)" > /arch.txt\nFROM alpine:3.20\nCOPY --from=fetch /arch.txt /arch.txt\n' },
  AL310: { ...DF, text: 'FROM --platform=$BUILDPLATFORM alpine:3.20\nRUN echo hi\n' },
  AL311: { ...DF, text: 'FROM arm64v8/alpine:3.20\nRUN echo hi\n' },
  AL402: { ...dockerRegistry, text: `FROM --platform=$BUILDPLATFORM alpine:3.20@${D_AMD} AS b\nFROM golang:1.22\nCOPY --from=b / /\n` },
  AL501: { file: 'release.sh', text: 'docker buildx create --use\ndocker build -t ghcr.io/acme/web:1 .\ndocker push ghcr.io/acme/web:1\n' },
  AL502: { file: 'release.sh', text: 'docker buildx create --use\ndocker buildx build --platform linux/amd64 -t ghcr.io/acme/web:1 --push .\n' },
  AL503: {
    file: '.github/workflows/release.yml',
    text: 'on: push\njobs:\n  image:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - uses: docker/build-push-action@v6\n        with:\n          platforms: linux/amd64,linux/arm64\n          push: true\n          tags: ghcr.io/acme/web:1\n',
  },
  AL505: { file: 'mirror.sh', text: 'docker pull nginx:1.27\ndocker tag nginx:1.27 ghcr.io/acme/nginx:1.27\ndocker push ghcr.io/acme/nginx:1.27\n' },
};

const ARCH = '(?:amd64|arm64|x86_64|aarch64|x86-64|x64|armhf|armv7l?|i[36]86|ppc64le|s390x)';
const LITERAL_ARCH = new RegExp(`(?<![A-Za-z0-9])${ARCH}(?![A-Za-z0-9])`, 'g');
const ARCH_VARIABLE = /\$\{?(?:TARGETARCH|BUILDARCH|dl_arch)\}?/;

/** The Dockerfile instructions (continuation lines joined) that an edit touches. */
function touchedInstructions(fixed: string, lines: Set<number>): string[] {
  const all = fixed.split('\n');
  const out: string[] = [];
  for (let start = 0; start < all.length;) {
    let end = start;
    while (end < all.length - 1 && /\\\s*$/.test(all[end])) end++;
    if ([...lines].some((l) => l >= start && l <= end)) out.push(all.slice(start, end + 1).join('\n'));
    start = end + 1;
  }
  return out;
}

/** The Kubernetes arch label values of a text, by key. */
function archValues(text: string, key: string): string[] {
  const values: string[] = [];
  for (const m of text.matchAll(new RegExp(`(?:^|[\\s{,])${key.replace(/\./g, '\\.')}:\\s*([\\w-]+)`, 'g'))) values.push(m[1]);
  for (const m of text.matchAll(new RegExp(`key:\\s*${key.replace(/\./g, '\\.')}[\\s\\S]*?values:\\s*\\[([^\\]]*)\\]`, 'g'))) values.push(...m[1].split(',').map((v) => v.trim()));
  return values;
}

/**
 * Whether the fixed text keeps its arch-dependent references consistent where the fix touched it.
 * Dockerfile: a command that now chooses the arch by a variable keeps no literal arch token beside it
 * (outside the case mapping that defines the variable). Kubernetes: the deprecated and current arch
 * labels, where both remain, name the same architectures. Build scripts: a build that pushes itself
 * (`--push`) is not pushed again, and a tag naming one architecture is not built for several.
 */
function consistent(kind: 'dockerfile' | 'kubernetes' | 'build', original: string, fixed: string, fix: Fix): string | undefined {
  if (kind === 'dockerfile') {
    const lines = new Set<number>();
    for (const e of fix.edits.filter((e) => e.file === undefined)) for (let l = e.range.start.line; l <= e.range.end.line + e.newText.split('\n').length - 1; l++) lines.add(l);
    for (const ins of touchedInstructions(fixed, lines)) {
      if (!ARCH_VARIABLE.test(ins)) continue;
      const outsideMapping = ins.replace(/case\s[\s\S]*?esac/g, '').replace(/--platform=\S+/g, '');
      const left = outsideMapping.match(LITERAL_ARCH);
      if (left) return `"${ins}" chooses the arch by a variable but still names ${left.join(', ')}`;
    }
    return undefined;
  }
  if (kind === 'kubernetes') {
    const current = new Set(archValues(fixed, 'kubernetes.io/arch'));
    const deprecated = new Set(archValues(fixed.replace(/(?<!beta\.)kubernetes\.io\/arch/g, 'x'), 'beta.kubernetes.io/arch'));
    if (current.size > 0 && deprecated.size > 0 && [...deprecated].some((a) => !current.has(a))) return `beta.kubernetes.io/arch ${[...deprecated].join(", ")} disagrees with kubernetes.io/arch ${[...current].join(", ")}`;
    return undefined;
  }
  for (const line of fixed.split('\n')) {
    const tag = /-t\s+(\S+)/.exec(line)?.[1];
    if (!tag) continue;
    if (/\s--push\b/.test(line) && new RegExp(`docker\\s+push\\s+${tag.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\s|$)`).test(fixed)) return `${tag} is pushed by the build and again by docker push`;
    const named = tag.match(LITERAL_ARCH);
    const platforms = /--platform[= ](\S+)/.exec(line)?.[1].split(',') ?? [];
    if (named && platforms.length > 1) return `${tag} names ${named[0]} but is built for ${platforms.join(', ')}`;
  }
  return original === fixed ? 'the fix changed nothing' : undefined;
}

function kindOf(code: string): 'dockerfile' | 'kubernetes' | 'build' {
  return code.startsWith('AL1') || code.startsWith('AL2') ? 'kubernetes' : code.startsWith('AL3') || code.startsWith('AL4') ? 'dockerfile' : 'build';
}

describe('every kind of preferred fix: parses, re-checks clean, keeps arch references consistent (issue 12)', () => {
  const fixable = allRuleMetas().filter((m) => m.fixable).map((m) => m.code);

  it('has a case for every rule that fixes, and none for a rule that does not', () => {
    assert.deepEqual(fixable.filter((code) => !(code in CASES)), [], 'add a must-fire fixture with a preferred fix to CASES');
    assert.deepEqual(Object.keys(CASES).filter((code) => !fixable.includes(code)), [], 'these rules do not fix');
  });

  it('the consistency check itself catches a half-made change (a fix it must refuse)', () => {
    const whole = (text: string) => ({ title: 't', edits: [{ range: { start: { line: 0, character: 0 }, end: { line: text.split('\n').length, character: 0 } }, newText: text }] });
    const halfAl308 = 'FROM alpine:3.20\nARG TARGETARCH\nRUN curl -fsSLO https://get.helm.sh/helm-v3.19.0-linux-${TARGETARCH}.tar.gz && tar -xzf helm-v3.19.0-linux-amd64.tar.gz\n';
    assert.match(consistent('dockerfile', '', halfAl308, whole(halfAl308)) ?? '', /still names amd64/);
    const pushedTwice = 'docker buildx build --platform linux/amd64,linux/arm64 --push -t a/b:1 .\ndocker push a/b:1\n';
    assert.match(consistent('build', '', pushedTwice, whole(pushedTwice)) ?? '', /pushed by the build and again/);
    const namedTag = 'docker buildx build --platform linux/amd64,linux/arm64 --push -t a/b:1-amd64 .\n';
    assert.match(consistent('build', '', namedTag, whole(namedTag)) ?? '', /names amd64 but is built for/);
    const labels = pod('  nodeSelector:\n    kubernetes.io/arch: amd64\n    beta.kubernetes.io/arch: arm64\n');
    assert.match(consistent('kubernetes', '', labels, whole(labels)) ?? '', /disagrees/);
  });

  // Second kinds of preferred fix, beside each rule's case above.
  const MORE: Array<[string, string, ProofCase]> = [
    ['AL501', 'a build meant for one architecture: the preferred fix names that platform', { file: 'Makefile', text: 'REPO ?= ghcr.io/acme\n\nbuild-amd64:\n\tdocker build -t $(REPO)/web:1-amd64 --build-arg TARGETARCH=amd64 .\npush-amd64: build-amd64\n\tdocker push $(REPO)/web:1-amd64\n' }],
  ];
  for (const [code, what, c] of MORE) {
    it(`${code}: ${what}`, () => {
      const { text, ...options } = c;
      const [finding] = findingsOf(text, code, options);
      const fix = finding?.fixes?.find((f) => f.preferred);
      assert.ok(fix, `${code}: no preferred fix (fixes: ${(finding?.fixes ?? []).map((f) => f.title).join(' | ') || 'none'})`);
      const fixed = applyFixAndRelint(text, finding, fix, options);
      assert.equal(consistent(kindOf(code), text, fixed, fix), undefined, fixed);
    });
  }

  for (const code of fixable) {
    it(`${code}: its preferred fix`, function () {
      const c = CASES[code];
      if (!c) this.skip();
      const { text, ...options } = c;
      const [finding] = findingsOf(text, code, options);
      assert.ok(finding, `${code} does not fire on its case`);
      const fix = c.neverPreferred ? finding.fixes?.[0] : finding.fixes?.find((f) => f.preferred);
      assert.ok(fix, `${code}: no ${c.neverPreferred ? '' : 'preferred '}fix on its case (fixes: ${(finding.fixes ?? []).map((f) => f.title).join(' | ') || 'none'})`);
      if (c.neverPreferred) assert.ok(!finding.fixes!.some((f) => f.preferred), `${code} prefers a fix now: drop neverPreferred from its case`);
      // Parses, the finding is gone, no other finding appeared or vanished (edits of other files included).
      const fixed = applyFixAndRelint(text, finding, fix, options);
      assert.equal(fixed, applyEdits(text, fix.edits.filter((e) => e.file === undefined || e.file === (options.file ?? 'test.yaml'))));
      assert.equal(consistent(kindOf(code), text, fixed, fix), undefined, fixed);
    });
  }
});
