/**
 * AL401 and AL402 with registry answers built directly (the ImageLookup contract), through the real
 * engine's registry phase: must fire / must not, exact range and message, the AL402 fix re-linted.
 */
import * as assert from 'node:assert/strict';
import { applyFixAndRelint, findingsOf, lint, rangeOf } from '../../helpers/lint';
import type { ImageLookup, ImagePlatforms } from '../../../server/src/images/lookup';
import { applyEdits } from '../../../server/src/core/text';

const D_INDEX = `sha256:${'a'.repeat(64)}`;
const D_AMD = `sha256:${'b'.repeat(64)}`;

function answer(reference: string, kind: ImagePlatforms['kind'], platforms: string[], digest = D_INDEX): ImageLookup {
  return {
    ok: true,
    image: {
      reference,
      digest,
      mediaType: kind === 'index' ? 'application/vnd.oci.image.index.v1+json' : 'application/vnd.oci.image.manifest.v1+json',
      kind,
      platforms: platforms.map((p) => {
        const [os, architecture, variant] = p.split('/');
        return { platform: variant ? { os, architecture, variant } : { os, architecture } };
      }),
      source: 'registry',
      fetchedAt: 0,
    },
  };
}

const lookups = new Map<string, ImageLookup>([
  ['docker.io/library/golang:1.22', answer('docker.io/library/golang:1.22', 'index', ['linux/amd64', 'linux/arm64/v8', 'linux/arm/v7'])],
  ['docker.io/library/oldbase:1', answer('docker.io/library/oldbase:1', 'index', ['linux/amd64', 'linux/386'])],
  ['docker.io/acme/tool:2', answer('docker.io/acme/tool:2', 'manifest', ['linux/amd64'], D_AMD)],
  [`docker.io/library/alpine@${D_AMD}`, answer(`docker.io/library/alpine@${D_AMD}`, 'manifest', ['linux/amd64'], D_AMD)],
  ['docker.io/library/alpine:3.20', answer('docker.io/library/alpine:3.20', 'index', ['linux/amd64', 'linux/arm64'])],
  ['docker.io/library/private:1', { ok: false, error: { state: 'not-found-or-private', message: 'not found or private' } }],
]);
const opts = { file: 'Dockerfile', lookups };
const df = (...lines: string[]) => `${lines.join('\n')}\n`;

describe('Dockerfile registry rules', () => {
  describe('AL401 base-image-lacks-target', () => {
    it('fires on a FROM index that lacks a target, naming what is missing', () => {
      const t = df('ARG V=1', 'FROM oldbase:${V}');
      const found = findingsOf(t, 'AL401', opts);
      assert.equal(found.length, 1);
      const f = found[0];
      assert.equal(f.severity, 'error');
      assert.equal(rangeOf(f), '1:5-1:17');
      assert.equal(f.message, 'FROM oldbase:1 in stage 0 (unnamed): the image publishes linux/amd64, linux/386 but not linux/arm64; the build for linux/arm64 fails with "no match for platform in manifest".');
      assert.deepEqual(f.targets, ['linux/amd64', 'linux/arm64']);
    });

    it('fires on a single-platform COPY --from image and follows FROM <stage> chains', () => {
      const t = df('FROM golang:1.22 AS base', 'FROM base', 'COPY --from=acme/tool:2 /bin/tool /tool');
      const found = findingsOf(t, 'AL401', opts);
      assert.deepEqual(found.map((f) => `${rangeOf(f)} ${f.message}`), [
        "2:12-2:23 COPY --from acme/tool:2 in stage 1 (unnamed): the image is a single-platform manifest (linux/amd64), not an index; building for linux/arm64 silently uses it anyway, so that image gets linux/amd64 binaries (exec format error).",
      ]);
    });

    it('checks a constant platform against that platform only; RUN --mount=from images too', () => {
      const t = df('FROM --platform=linux/arm64 oldbase:1 AS x', 'RUN --mount=from=acme/tool:2,target=/t true');
      const found = findingsOf(t, 'AL401', opts);
      assert.deepEqual(found.map((f) => `${rangeOf(f)} ${f.targets?.join(',')}`), ['0:28-0:37 linux/arm64', '1:17-1:28 linux/arm64']);
    });

    it('names a tag of the same repository used elsewhere in the file that has the missing platforms', () => {
      const l = new Map(lookups);
      l.set('docker.io/library/oldbase:2', answer('docker.io/library/oldbase:2', 'index', ['linux/amd64', 'linux/arm64']));
      const t = df('FROM oldbase:2 AS new', 'FROM oldbase:1');
      const found = findingsOf(t, 'AL401', { ...opts, lookups: l });
      assert.deepEqual(found.map((f) => `${rangeOf(f)} ${f.message}`), [
        '1:5-1:14 FROM oldbase:1 in stage 1 (unnamed): the image publishes linux/amd64, linux/386 but not linux/arm64; the build for linux/arm64 fails with "no match for platform in manifest". oldbase:2, used elsewhere in this file, publishes linux/arm64.',
      ]);
    });

    it('uses the configured targets', () => {
      const t = df('FROM oldbase:1');
      assert.equal(findingsOf(t, 'AL401', { ...opts, config: { targets: [{ os: 'linux', architecture: 'amd64' }, { os: 'linux', architecture: '386' }] } }).length, 0);
    });

    it('does not fire on $BUILDPLATFORM stages, covered images, unknown images, stages the export does not need, or unresolved names', () => {
      none(df('FROM --platform=$BUILDPLATFORM acme/tool:2 AS b', 'FROM golang:1.22', 'COPY --from=b / /'));
      none(df('FROM golang:1.22'));
      none(df('FROM private:1'));
      none(df('FROM never-looked-up:1'));
      none(df('FROM oldbase:1 AS unused', 'FROM golang:1.22'));
      none(df('ARG X', 'FROM oldbase:$X'));
    });

    it('is silent without registry answers (offline phase)', () => {
      assert.deepEqual(lint(df('FROM oldbase:1'), { file: 'Dockerfile' }).findings.filter((f) => f.rule.startsWith('AL4')), []);
    });
  });

  describe('AL402 base-digest-pins-one-platform', () => {
    it('fires with AL401 on a target stage pinned to a single-platform digest; fix pins the index digest', () => {
      const t = df(`FROM alpine:3.20@${D_AMD}`);
      const f402 = findingsOf(t, 'AL402', opts);
      assert.equal(f402.length, 1);
      assert.equal(f402[0].severity, 'warning');
      assert.equal(rangeOf(f402[0]), '0:17-0:88');
      assert.equal(f402[0].message, `alpine@${D_AMD} in stage 0 (unnamed) pins a single-platform manifest (linux/amd64), not a multi-platform index: every platform of the build gets linux/amd64. The tag 3.20 points to the index ${D_INDEX} (linux/amd64, linux/arm64).`);
      assert.equal(findingsOf(t, 'AL401', opts).length, 1);
      const lookupsAfter = new Map(lookups);
      lookupsAfter.set(`docker.io/library/alpine@${D_INDEX}`, answer(`docker.io/library/alpine@${D_INDEX}`, 'index', ['linux/amd64', 'linux/arm64']));
      // The index digest also has linux/arm64, so the fix clears AL401 as well (applyFixAndRelint would call that a side effect).
      const fixed = applyEdits(t, f402[0].fixes![0].edits);
      assert.equal(fixed, df(`FROM alpine:3.20@${D_INDEX}`));
      const after = lint(fixed, { ...opts, lookups: lookupsAfter });
      assert.deepEqual([after.problems, after.findings.map((f) => f.rule)], [[], []]);
    });

    it('on a $BUILDPLATFORM stage the fix changes nothing but the pin', () => {
      const t = df(`FROM --platform=$BUILDPLATFORM alpine:3.20@${D_AMD} AS b`, 'FROM golang:1.22', 'COPY --from=b / /');
      const f = findingsOf(t, 'AL402', opts);
      assert.equal(f.length, 1);
      const lookupsAfter = new Map(lookups);
      lookupsAfter.set(`docker.io/library/alpine@${D_INDEX}`, answer(`docker.io/library/alpine@${D_INDEX}`, 'index', ['linux/amd64', 'linux/arm64']));
      assert.equal(applyFixAndRelint(t, f[0], f[0].fixes?.[0], { ...opts, lookups: lookupsAfter }),
        df(`FROM --platform=$BUILDPLATFORM alpine:3.20@${D_INDEX} AS b`, 'FROM golang:1.22', 'COPY --from=b / /'));
    });

    it('on a $BUILDPLATFORM stage only AL402 applies; without a tag there is no fix', () => {
      const t = df(`FROM --platform=$BUILDPLATFORM alpine@${D_AMD} AS b`, 'FROM golang:1.22', 'COPY --from=b / /');
      const found = lint(t, opts).findings.filter((f) => f.rule.startsWith('AL4'));
      assert.deepEqual(found.map((f) => `${f.rule} ${rangeOf(f)} ${f.fixes?.length}`), ['AL402 0:38-0:109 0']);
      assert.match(found[0].message, /Pin the digest of the multi-platform index instead/);
    });

    it('does not fire on an index digest or a tag', () => {
      const l = new Map(lookups);
      l.set(`docker.io/library/alpine@${D_INDEX}`, answer(`docker.io/library/alpine@${D_INDEX}`, 'index', ['linux/amd64', 'linux/arm64']));
      assert.deepEqual(findingsOf(df(`FROM alpine@${D_INDEX}`), 'AL402', { ...opts, lookups: l }), []);
      assert.deepEqual(findingsOf(df('FROM alpine:3.20'), 'AL402', opts), []);
    });
  });
});

function none(text: string): void {
  assert.deepEqual(findingsOf(text, 'AL401', opts).map((f) => `${rangeOf(f)} ${f.message}`), []);
}
