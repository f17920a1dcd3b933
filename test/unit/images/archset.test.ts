import * as assert from 'node:assert/strict';
import {
  archSetOfPlatforms,
  difference,
  equals,
  formatArchSet,
  intersect,
  isSubset,
  union,
} from '../../../server/src/images/archset';

const s = (...values: string[]): Set<string> => new Set(values);

describe('arch-set algebra', () => {
  it('intersects, unites and subtracts', () => {
    assert.deepEqual(intersect(s('amd64', 'arm64'), s('arm64', 's390x')), s('arm64'));
    assert.deepEqual(intersect(s('amd64'), s('arm64')), s());
    assert.deepEqual(union(s('amd64'), s('arm64'), s('amd64', '386')), s('amd64', 'arm64', '386'));
    assert.deepEqual(union(), s());
    assert.deepEqual(difference(s('amd64', 'arm64'), s('amd64')), s('arm64'));
    assert.deepEqual(difference(s('amd64'), s('amd64', 'arm64')), s());
  });

  it('does not mutate its inputs', () => {
    const a = s('amd64', 'arm64');
    const b = s('arm64');
    intersect(a, b);
    union(a, b);
    difference(a, b);
    assert.deepEqual(a, s('amd64', 'arm64'));
    assert.deepEqual(b, s('arm64'));
  });

  it('compares sets regardless of order', () => {
    assert.ok(equals(s('arm64', 'amd64'), s('amd64', 'arm64')));
    assert.ok(!equals(s('amd64'), s('amd64', 'arm64')));
    assert.ok(!equals(s('amd64', '386'), s('amd64', 'arm64')));
    assert.ok(equals(s(), s()));
    assert.ok(isSubset(s('amd64'), s('amd64', 'arm64')));
    assert.ok(!isSubset(s('s390x'), s('amd64', 'arm64')));
  });

  it('formats sorted and joined', () => {
    assert.equal(formatArchSet(s('arm64', 'amd64', '386')), '386, amd64, arm64');
    assert.equal(formatArchSet(s('arm64', 'amd64'), ','), 'amd64,arm64');
    assert.equal(formatArchSet(s()), '');
  });
});

describe('archSetOfPlatforms', () => {
  const platforms = [
    { os: 'linux', architecture: 'amd64' },
    { os: 'linux', architecture: 'aarch64', variant: 'v8' },
    { os: 'linux', architecture: 'arm', variant: 'v7' },
    { os: 'linux', architecture: 'arm', variant: 'v6' },
    { os: 'unknown', architecture: 'unknown' },
    { os: 'windows', architecture: 'amd64', osVersion: '10.0.17763.1' },
    { os: 'windows', architecture: 'arm64' },
  ];

  it('keeps only the asked OS, normalised to GOARCH, attestations out', () => {
    assert.deepEqual(archSetOfPlatforms(platforms), s('amd64', 'arm64', 'arm'));
    assert.deepEqual(archSetOfPlatforms(platforms, 'windows'), s('amd64', 'arm64'));
    assert.deepEqual(archSetOfPlatforms(platforms, 'darwin'), s());
  });

  it('accepts look-up entries as well as plain platforms', () => {
    const entries = [
      { platform: { os: 'linux', architecture: 'x86_64' }, digest: 'sha256:1' },
      { platform: { os: 'linux', architecture: 's390x' }, digest: 'sha256:2' },
    ];
    assert.deepEqual(archSetOfPlatforms(entries), s('amd64', 's390x'));
  });
});
