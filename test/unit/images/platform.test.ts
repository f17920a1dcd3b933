import * as assert from 'node:assert/strict';
import {
  GOARCH_VALUES,
  formatPlatform,
  nodeAcceptance,
  normalizeArchLabel,
  normalizePlatform,
  parsePlatform,
  samePlatform,
  type Platform,
} from '../../../server/src/images/platform';

function p(os: string, architecture: string, variant?: string): Platform {
  return variant === undefined ? { os, architecture } : { os, architecture, variant };
}

describe('normalizePlatform (containerd table)', () => {
  const table: Array<[Platform, string]> = [
    [p('linux', 'x86_64'), 'linux/amd64'],
    [p('linux', 'x86-64'), 'linux/amd64'],
    [p('linux', 'x86_64', 'v1'), 'linux/amd64'],
    [p('linux', 'amd64', 'v3'), 'linux/amd64/v3'],
    [p('linux', 'aarch64'), 'linux/arm64'],
    [p('linux', 'arm64', 'v8'), 'linux/arm64'],
    [p('linux', 'arm64', '8'), 'linux/arm64'],
    [p('linux', 'arm64', 'v9.0'), 'linux/arm64/v9'],
    [p('linux', 'arm'), 'linux/arm/v7'],
    [p('linux', 'arm', '7'), 'linux/arm/v7'],
    [p('linux', 'arm', '6'), 'linux/arm/v6'],
    [p('linux', 'arm', 'armv7'), 'linux/arm/v7'],
    [p('linux', 'arm', 'armv6l'), 'linux/arm/v6'],
    [p('linux', 'armhf'), 'linux/arm/v7'],
    [p('linux', 'armel'), 'linux/arm/v6'],
    [p('linux', 'armv7l'), 'linux/arm/v7'],
    [p('linux', 'i386'), 'linux/386'],
    [p('linux', 'i686'), 'linux/386'],
    [p('LINUX', 'AMD64'), 'linux/amd64'],
    [p('macos', 'arm64'), 'darwin/arm64'],
    [p('', 'amd64'), 'linux/amd64'],
    [p('linux', 'ppc64el'), 'linux/ppc64le'],
    [p('linux', 's390x'), 'linux/s390x'],
    [p('linux', 'banana', 'weird'), 'linux/banana/weird'],
    [p('unknown', 'unknown'), 'unknown/unknown'],
    [p('linux', 'arm', 'v9-custom'), 'linux/arm/v9-custom'],
  ];
  for (const [input, expected] of table) {
    it(`${JSON.stringify(input)} → ${expected}`, () => {
      assert.equal(formatPlatform(normalizePlatform(input)), expected);
    });
  }

  it('keeps os.version but leaves it out of the string', () => {
    const win = normalizePlatform({ os: 'Windows', architecture: 'AMD64', osVersion: '10.0.17763.5329' });
    assert.deepEqual(win, { os: 'windows', architecture: 'amd64', osVersion: '10.0.17763.5329' });
    assert.equal(formatPlatform(win), 'windows/amd64');
  });

  it('never throws on missing fields', () => {
    // Registry JSON can lack fields; the type says otherwise, so force it (why: robustness test).
    const broken = { os: undefined, architecture: undefined } as unknown as Platform;
    assert.deepEqual(normalizePlatform(broken), { os: 'linux', architecture: '' });
  });
});

describe('parsePlatform', () => {
  const table: Array<[string, string | undefined]> = [
    ['linux/arm64/v8', 'linux/arm64'],
    ['linux/amd64', 'linux/amd64'],
    ['linux/arm/v7', 'linux/arm/v7'],
    ['linux/arm', 'linux/arm/v7'],
    ['linux/arm/v6', 'linux/arm/v6'],
    ['arm64', 'linux/arm64'],
    ['aarch64', 'linux/arm64'],
    ['x86_64', 'linux/amd64'],
    ['Linux/AMD64', 'linux/amd64'],
    ['windows/amd64', 'windows/amd64'],
    [' linux/amd64 ', 'linux/amd64'],
    ['linux', undefined],
    ['banana', undefined],
    ['', undefined],
    ['linux/amd64/v2/extra', undefined],
    ['linux//amd64', undefined],
    ['linux/$TARGETARCH', undefined],
    ['foo/bar', undefined],
    ['linux/amd64,linux/arm64', undefined],
  ];
  for (const [input, expected] of table) {
    it(`${JSON.stringify(input)} → ${expected ?? 'undefined'}`, () => {
      const parsed = parsePlatform(input);
      assert.equal(parsed === undefined ? undefined : formatPlatform(parsed), expected);
    });
  }

  it('reads the windows(os.version) form', () => {
    assert.deepEqual(parsePlatform('windows(10.0.17763)/amd64'), { os: 'windows', architecture: 'amd64', osVersion: '10.0.17763' });
  });
});

describe('samePlatform', () => {
  it('compares after normalisation, ignoring os.version', () => {
    assert.ok(samePlatform(p('linux', 'arm64', 'v8'), p('linux', 'aarch64')));
    assert.ok(samePlatform(p('linux', 'arm'), p('linux', 'armhf')));
    assert.ok(samePlatform({ os: 'windows', architecture: 'amd64', osVersion: '1' }, { os: 'windows', architecture: 'amd64' }));
    assert.ok(!samePlatform(p('linux', 'arm', 'v6'), p('linux', 'arm', 'v7')));
    assert.ok(!samePlatform(p('linux', 'amd64'), p('windows', 'amd64')));
    assert.ok(!samePlatform(p('linux', 'amd64'), p('linux', 'amd64', 'v3')));
  });
});

describe('GOARCH_VALUES', () => {
  it('is Go\'s known architecture list', () => {
    for (const arch of ['386', 'amd64', 'arm', 'arm64', 'ppc64le', 's390x', 'riscv64', 'loong64', 'mips64le', 'wasm']) {
      assert.ok(GOARCH_VALUES.includes(arch), arch);
    }
    for (const notArch of ['x86_64', 'aarch64', 'armhf', 'i386', 'arm64v8']) assert.ok(!GOARCH_VALUES.includes(notArch), notArch);
    assert.equal(GOARCH_VALUES.length, 24);
  });
});

describe('normalizeArchLabel (kubernetes.io/arch values)', () => {
  const table: Array<[string, { arch: string; canonical: boolean } | undefined]> = [
    ['amd64', { arch: 'amd64', canonical: true }],
    ['arm64', { arch: 'arm64', canonical: true }],
    ['386', { arch: '386', canonical: true }],
    ['s390x', { arch: 's390x', canonical: true }],
    ['x86_64', { arch: 'amd64', canonical: false }],
    ['x86-64', { arch: 'amd64', canonical: false }],
    ['AMD64', { arch: 'amd64', canonical: false }],
    ['linux/amd64', { arch: 'amd64', canonical: false }],
    ['linux/arm64/v8', { arch: 'arm64', canonical: false }],
    ['arm64/v8', { arch: 'arm64', canonical: false }],
    ['aarch64', { arch: 'arm64', canonical: false }],
    ['arm64v8', { arch: 'arm64', canonical: false }],
    ['armhf', { arch: 'arm', canonical: false }],
    ['armv7l', { arch: 'arm', canonical: false }],
    ['arm32v7', { arch: 'arm', canonical: false }],
    ['i386', { arch: '386', canonical: false }],
    ['ppc64el', { arch: 'ppc64le', canonical: false }],
    [' amd64', { arch: 'amd64', canonical: false }],
    ['banana', undefined],
    ['', undefined],
    ['linux', undefined],
    ['linux/banana', undefined],
    ['amd64,arm64', undefined],
  ];
  for (const [input, expected] of table) {
    it(`${JSON.stringify(input)} → ${expected ? `${expected.arch}${expected.canonical ? '' : ' (not canonical)'}` : 'nothing'}`, () => {
      assert.deepEqual(normalizeArchLabel(input), expected);
    });
  }
});

describe('nodeAcceptance (containerd matcher)', () => {
  const table: Array<[Platform, Platform, 'exact' | 'fallback' | 'no']> = [
    [p('linux', 'amd64'), p('linux', 'amd64'), 'exact'],
    [p('linux', 'amd64'), p('linux', 'x86_64'), 'exact'],
    [p('linux', 'arm64'), p('linux', 'arm64', 'v8'), 'exact'],
    [p('linux', 'arm64'), p('linux', 'arm', 'v7'), 'fallback'],
    [p('linux', 'arm64'), p('linux', 'arm'), 'fallback'],
    [p('linux', 'arm64'), p('linux', 'arm', 'v6'), 'fallback'],
    [p('linux', 'arm64'), p('linux', 'arm', 'v5'), 'fallback'],
    [p('linux', 'arm64'), p('linux', 'arm', 'v8'), 'fallback'],
    [p('linux', 'arm64'), p('linux', 'amd64'), 'no'],
    [p('linux', 'amd64'), p('linux', '386'), 'fallback'],
    [p('linux', 'amd64'), p('linux', 'i386'), 'fallback'],
    [p('linux', 'amd64'), p('linux', 'arm64'), 'no'],
    [p('linux', 'amd64'), p('linux', 'amd64', 'v3'), 'no'],
    [p('linux', 'amd64', 'v3'), p('linux', 'amd64', 'v2'), 'fallback'],
    [p('linux', 'amd64', 'v3'), p('linux', 'amd64'), 'fallback'],
    [p('linux', 'arm', 'v7'), p('linux', 'arm', 'v6'), 'fallback'],
    [p('linux', 'arm', 'v6'), p('linux', 'arm', 'v7'), 'no'],
    [p('linux', 'arm', 'v7'), p('linux', 'arm64'), 'no'],
    [p('linux', '386'), p('linux', 'amd64'), 'no'],
    [p('linux', 'amd64'), p('windows', 'amd64'), 'no'],
    [p('windows', 'amd64'), p('windows', 'amd64'), 'exact'],
    [p('linux', 'arm64'), p('unknown', 'unknown'), 'no'],
    [p('linux', 's390x'), p('linux', 's390x'), 'exact'],
  ];
  for (const [node, image, expected] of table) {
    it(`node ${formatPlatform(node)} + image ${formatPlatform(image)} → ${expected}`, () => {
      assert.equal(nodeAcceptance(node, image), expected);
    });
  }
});
