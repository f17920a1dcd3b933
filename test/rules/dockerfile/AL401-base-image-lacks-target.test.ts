/** AL401 base-image-lacks-target. */
import * as assert from 'node:assert/strict';
import { applyFixAndRelint, findingsOf, lint, rangeOf } from '../../helpers/lint';
import { assertMessage, ruleTester } from '../../helpers/rule-tester';
import { applyEdits } from '../../../server/src/core/text';
import { df } from './helpers';
import { D_AMD, D_INDEX, answer, lookups, registryOpts as opts } from './registry-fixtures';

ruleTester('AL401', opts).run({
  valid: [df('FROM golang:1.22'), df('FROM private:1')],
  invalid: [{
    name: 'a FROM index that lacks a target',
    text: df('ARG V=1', 'FROM oldbase:${V}'),
    errors: [{ range: '1:5-1:17', messageId: 'indexLacks', data: { where: 'FROM oldbase:1 in stage 0 (unnamed)', published: 'linux/amd64, linux/386', missing: 'linux/arm64' }, severity: 'error' }],
  }],
});

describe('AL401 base-image-lacks-target', () => {
  it('fires on a FROM index that lacks a target, naming what is missing', () => {
    const t = df('ARG V=1', 'FROM oldbase:${V}');
    const found = findingsOf(t, 'AL401', opts);
    assert.equal(found.length, 1);
    const f = found[0];
    assert.equal(f.severity, 'error');
    assert.equal(rangeOf(f), '1:5-1:17');
    assertMessage(f, 'indexLacks', { where: 'FROM oldbase:1 in stage 0 (unnamed)', published: 'linux/amd64, linux/386', missing: 'linux/arm64' });
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

function none(text: string): void {
  assert.deepEqual(findingsOf(text, 'AL401', opts).map((f) => `${rangeOf(f)} ${f.message}`), []);
}
