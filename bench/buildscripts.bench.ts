/**
 * Build-invocation analysis speed: archlens' offline analysis (shell view, command model, push
 * matching, AL501–AL503) of generated but realistic build files — a 2,000-line release script,
 * a 100-recipe Makefile, a 40-job GitHub workflow, a 60-job .gitlab-ci.yml, a 200-target Bake
 * file — against the bare parse of the same text in the same run (tree-sitter-bash via parseShell
 * for scripts; `yaml` parseAllDocuments for YAML; for Bake, JSON.parse of the equivalent JSON).
 * Goal: ≤ 2× the bare parse (the model and rules cost less than parsing).
 */
import { parseAllDocuments, parseDocument } from 'yaml';
import { analyze } from '../server/src/engine/analyze';
import { defaultConfig } from '../server/src/core/config';
import { prepareEngine } from '../server/src/engine/prepare';
import { parseShell } from '../server/src/shell/shell';
import { measure, table, writeSection, type Measurement, type Row } from './lib';

function script(lines: number): string {
  const out = ['#!/usr/bin/env bash', 'set -euo pipefail', 'REPO=ghcr.io/acme'];
  for (let i = 0; out.length < lines; i++) {
    out.push(`echo "building service ${i}"`, `if [ -n "\${SKIP_${i}:-}" ]; then`, '  continue', 'fi');
    out.push(`docker build -t "$REPO/svc${i}:$VERSION" --build-arg VERSION="$VERSION" services/${i}`);
    out.push(`docker tag "$REPO/svc${i}:$VERSION" "$REPO/svc${i}:latest"`, `docker push "$REPO/svc${i}:latest"`);
    out.push(`docker buildx build --platform linux/amd64 -t "$REPO/tool${i}" --push tools/${i} | tee build-${i}.log`);
  }
  return out.join('\n') + '\n';
}

function makefile(recipes: number): string {
  const out = ['IMAGE ?= ghcr.io/acme/app', 'PLATFORMS ?= linux/amd64,linux/arm64', ''];
  for (let i = 0; i < recipes; i++) {
    out.push(`.PHONY: release-${i}`, `release-${i}: test-${i}`, `\t@echo "release ${i}"`, `\tdocker build -t $(IMAGE)-${i}:$(VERSION) \\`, '\t\t--build-arg X=$$HOME .', `\t-docker push $(IMAGE)-${i}:$(VERSION)`, `\tdocker buildx build --platform $(PLATFORMS) -t $(IMAGE)-${i} --push .`, '');
  }
  return out.join('\n');
}

function workflow(jobs: number): string {
  const out = ['name: release', 'on: push', 'jobs:'];
  for (let i = 0; i < jobs; i++) {
    out.push(`  image${i}:`, '    runs-on: ubuntu-latest', '    steps:', '      - uses: actions/checkout@v4', '      - uses: docker/setup-buildx-action@v3',
      `      - name: Build ${i}`, '        uses: docker/build-push-action@v6', '        with:', '          push: ${{ github.event_name != \'pull_request\' }}',
      `          tags: ghcr.io/acme/app${i}:latest`, '          platforms: linux/amd64,linux/arm64',
      '      - run: |', `          docker build -t ghcr.io/acme/x${i}:\${{ github.sha }} .`, `          docker push ghcr.io/acme/x${i}:\${{ github.sha }}`);
  }
  return out.join('\n') + '\n';
}

function gitlab(jobs: number): string {
  const out = ['stages: [build]', '.docker: &docker', '  image: docker:27', '  services: [docker:27-dind]', '  before_script:', '    - docker login -u "$U" -p "$P" "$CI_REGISTRY"'];
  for (let i = 0; i < jobs; i++) {
    out.push(`build-${i}:`, '  <<: *docker', '  script:', `    - docker build -t "$CI_REGISTRY_IMAGE/c${i}:$CI_COMMIT_SHA" c${i}`, `    - docker push "$CI_REGISTRY_IMAGE/c${i}:$CI_COMMIT_SHA"`, '    - |', '      docker buildx build \\', '        --platform linux/amd64,linux/arm64 \\', `        -t "$CI_REGISTRY_IMAGE/m${i}" --push m${i}`);
  }
  return out.join('\n') + '\n';
}

function bake(targets: number): { hcl: string; json: string } {
  const hcl = ['group "default" {', `  targets = [${Array.from({ length: targets }, (_, i) => `"t${i}"`).join(', ')}]`, '}', 'target "_common" {', '  output = ["type=registry"]', '  platforms = ["linux/amd64", "linux/arm64"]', '}'];
  const json: { group: object; target: Record<string, object> } = { group: { default: { targets: [] as string[] } }, target: { _common: { output: ['type=registry'], platforms: ['linux/amd64', 'linux/arm64'] } } };
  for (let i = 0; i < targets; i++) {
    hcl.push(`target "t${i}" {`, '  inherits = ["_common"]', `  context = "services/${i}"`, `  tags = ["ghcr.io/acme/t${i}:\${TAG}"]`, `  args = { VERSION = "\${VERSION}" }`, '}');
    json.target[`t${i}`] = { inherits: ['_common'], context: `services/${i}`, tags: [`ghcr.io/acme/t${i}:\${TAG}`] };
  }
  return { hcl: hcl.join('\n') + '\n', json: JSON.stringify(json, null, 2) };
}

function summary(times: number[]): Measurement {
  const sorted = [...times].sort((x, y) => x - y);
  return { median: sorted[Math.floor(sorted.length / 2)], min: sorted[0], max: sorted[sorted.length - 1], rounds: sorted.length };
}

/** Every script string of a CI file (`run`, `script`, `before_script`, `after_script`), anchors expanded. */
function scriptsOf(text: string): string[] {
  const out: string[] = [];
  const walk = (v: unknown, key?: string): void => {
    if (typeof v === 'string' && key && /^(?:run|script|before_script|after_script)$/.test(key)) out.push(v);
    else if (Array.isArray(v)) v.forEach((x) => walk(x, key));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k);
  };
  walk(parseDocument(text, { merge: true }).toJS());
  return out;
}

/** The bare parse of a CI file: the YAML and each script in it. */
function ciBaseline(text: string): () => void {
  const scripts = scriptsOf(text);
  return () => { parseAllDocuments(text); for (const s of scripts) parseShell(s); };
}

async function main(): Promise<void> {
  await prepareEngine();
  const config = defaultConfig();
  const rounds = Number(process.env.BENCH_ROUNDS ?? 15);
  const b = bake(200);
  const wf = workflow(40);
  const gl = gitlab(60);
  const cases: Array<{ what: string; file: string; text: string; baselineName: string; baseline: (t: string) => unknown }> = [
    { what: 'release.sh (2,000 lines)', file: 'release.sh', text: script(2000), baselineName: 'parseShell', baseline: parseShell },
    { what: 'Makefile (100 recipes)', file: 'Makefile', text: makefile(100), baselineName: 'parseShell of the same text', baseline: parseShell },
    { what: 'GitHub workflow (40 jobs)', file: '.github/workflows/release.yml', text: wf, baselineName: 'yaml parse + parseShell of each run:', baseline: ciBaseline(wf) },
    { what: '.gitlab-ci.yml (60 jobs)', file: '.gitlab-ci.yml', text: gl, baselineName: 'yaml parse + parseShell of each script item', baseline: ciBaseline(gl) },
    { what: 'docker-bake.hcl (200 targets)', file: 'docker-bake.hcl', text: b.hcl, baselineName: 'yaml parseAllDocuments of the same file as JSON', baseline: () => parseAllDocuments(b.json) },
  ];
  const rows: Row[] = [];
  const notes: string[] = [];
  for (const c of cases) {
    let findings = 0;
    const analyse = () => {
      const [r] = analyze({ documents: [{ file: c.file, text: c.text }], config }).documents;
      if (!r || r.problems.length > 0) throw new Error(`${c.file}: ${JSON.stringify(r?.problems)}`);
      findings = r.findings.length;
    };
    // Interleaved rounds: on a shared, noisy machine both sides see the same load.
    const ourTimes: number[] = [];
    const baseTimes: number[] = [];
    for (let i = 0; i < rounds + 3; i++) {
      const o = await measure(analyse, 3, 1);
      const b = await measure(() => c.baseline(c.text), 3, 1);
      if (i < 3) continue; // warm-up rounds
      ourTimes.push(o.median);
      baseTimes.push(b.median);
    }
    rows.push({ what: `${c.what}, ${(c.text.length / 1024).toFixed(0)} KB`, ours: summary(ourTimes), baseline: summary(baseTimes), baselineName: c.baselineName, goal: '≤ 2×' });
    notes.push(`${c.what}: ${findings} findings`);
  }
  writeSection('Build scripts', [
    'Offline analysis of generated build files (bench/buildscripts.bench.ts) against the bare parse of the same content,',
    `in process; ${rounds} interleaved rounds (each the median of 3 runs) after 3 warm-up rounds; the median round is shown.`,
    '',
    table(rows),
    '',
    notes.join('; ') + '.',
  ].join('\n'));
}

main().catch((error) => { console.error(error); process.exit(1); });
