import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConfigResolver, configForFile } from '../../server/src/workspace/config-files';
import { formatConfigProblem, mergeConfig, parseSeveritySetting, parseTargetPlatform } from '../../server/src/core/config';
import { parseConfigText } from '../../server/src/engine/config-text';
import { defaultConfig } from '../../server/src/core/config';
import { allRuleMetas } from '../../server/src/rules/catalog';

/** A rule that exists in the catalog, whatever analysers are registered yet. */
function someRule() {
  const meta = allRuleMetas()[0];
  assert.ok(meta, 'the catalog has at least one rule');
  return meta;
}

describe('config file (.archlens.yaml)', () => {
  it('reads every documented key and merges onto the defaults', () => {
    const rule = someRule();
    const text = [
      'targets: [linux/amd64, linux/arm64, linux/arm/v7]',
      `rules: { ${rule.code}: error, ${rule.name}: off }`,
      'ignore: ["charts/**/templates/**"]',
      'registries:',
      '  mirrors: { docker.io: "http://127.0.0.1:5000" }',
      '  insecure: ["127.0.0.1:5000"]',
      '  timeoutMs: 2500',
      '  concurrency: 4',
      'cache: { ttlHours: 6 }',
      'dockerTarget: runtime',
    ].join('\n');
    const loaded = parseConfigText(text, '/w/.archlens.yaml');
    assert.deepEqual(loaded.problems, []);
    const config = mergeConfig(defaultConfig(), loaded.layer);
    assert.deepEqual(config.targets, [
      { os: 'linux', architecture: 'amd64' },
      { os: 'linux', architecture: 'arm64' },
      { os: 'linux', architecture: 'arm', variant: 'v7' },
    ]);
    // The name comes after the code in the map, so it wins.
    assert.deepEqual(config.rules, { [rule.code]: 'off' });
    assert.deepEqual(config.ignore, ['charts/**/templates/**']);
    assert.deepEqual(config.registries, { mirrors: { 'docker.io': 'http://127.0.0.1:5000' }, insecure: ['127.0.0.1:5000'], timeoutMs: 2500, concurrency: 4 });
    assert.equal(config.cache.ttlHours, 6);
    assert.equal(config.dockerTarget, 'runtime');
  });

  it('an empty file means all defaults', () => {
    const loaded = parseConfigText('', '/w/.archlens.yaml');
    assert.deepEqual(loaded.problems, []);
    assert.deepEqual(mergeConfig(defaultConfig(), loaded.layer), defaultConfig());
  });

  it('reports each bad value with its line, column and what is wrong, and keeps the good ones', () => {
    const rule = someRule();
    const text = [
      'targets:',
      '  - linux/amd64',
      '  - potato',
      'rules:',
      '  AL999: error',
      `  ${rule.code}: fatal`,
      'registries:',
      '  timeoutMs: -5',
      '  mirrors: { docker.io: "ftp://mirror" }',
      'cache: { ttlHours: "soon" }',
    ].join('\n');
    const { problems, layer } = parseConfigText(text, '/w/.archlens.yaml');
    const lines = problems.map((p) => formatConfigProblem(p));
    assert.deepEqual(lines, [
      '/w/.archlens.yaml:3:5: error: targets: "potato" is not a platform: expected os/architecture[/variant], e.g. linux/arm64',
      '/w/.archlens.yaml:5:10: error: rules: unknown rule "AL999" (see `archlens rules`)',
      `/w/.archlens.yaml:6:${rule.code.length + 5}: error: rules.${rule.code}: severity must be one of error, warning, info, hint, off`,
      '/w/.archlens.yaml:8:14: error: registries.timeoutMs must be a number greater than 0 and at most 600000',
      '/w/.archlens.yaml:9:25: error: registries.mirrors.docker.io: must be an http:// or https:// URL',
      '/w/.archlens.yaml:10:20: error: cache.ttlHours must be a number greater than 0 and at most 8760',
    ]);
    assert.deepEqual(layer.targets, [{ os: 'linux', architecture: 'amd64' }]);
    assert.deepEqual(layer.rules, {});
  });

  it('warns about unknown keys (with their line) without failing', () => {
    const { problems, layer } = parseConfigText('targets: [linux/arm64]\ntarget: [linux/amd64]\nregistries:\n  mirror: {}\n', '/w/c.yaml');
    assert.deepEqual(problems.map((p) => [p.severity, p.line, p.column, p.message]), [
      ['warning', 2, 1, 'unknown key "target" (known: targets, rules, ignore, registries, cache, dockerTarget, helm)'],
      ['warning', 4, 3, 'unknown key "registries.mirror" (known: mirrors, insecure, timeoutMs, concurrency)'],
    ]);
    assert.deepEqual(layer.targets, [{ os: 'linux', architecture: 'arm64' }]);
  });

  it('reports invalid YAML and a non-mapping root with their line', () => {
    const broken = parseConfigText('targets: [linux/amd64\nrules: {}\n', '/w/c.yaml');
    assert.equal(broken.problems.length > 0, true);
    assert.equal(broken.problems[0].severity, 'error');
    assert.match(broken.problems[0].message, /^invalid YAML: /);
    assert.ok(broken.problems[0].line >= 1 && broken.problems[0].line <= 3);

    const list = parseConfigText('\n- linux/amd64\n', '/w/c.yaml');
    assert.deepEqual(list.problems.map((p) => [p.line, p.message]), [[2, 'the configuration must be a mapping of keys (targets, rules, ignore, registries, cache)']]);

    const dup = parseConfigText('targets: [linux/amd64]\ntargets: [linux/arm64]\n', '/w/c.yaml');
    assert.equal(dup.problems[0].line, 2);
    assert.match(dup.problems[0].message, /unique/i);
  });

  it('an empty value is reported at its key', () => {
    const { problems } = parseConfigText('targets: [linux/amd64]\n\nrules:\ncache:\n  ttlHours:\n', '/w/c.yaml');
    assert.deepEqual(problems.map((p) => [p.line, p.column, p.message]), [
      [3, 1, 'rules must be a mapping'],
      [5, 3, 'cache.ttlHours must be a number greater than 0 and at most 8760'],
    ]);
  });

  it('parses targets and severities leniently where the meaning is clear', () => {
    assert.deepEqual(parseTargetPlatform('linux/aarch64'), { os: 'linux', architecture: 'arm64' });
    assert.deepEqual(parseTargetPlatform(' linux/x86_64 '), { os: 'linux', architecture: 'amd64' });
    assert.equal(typeof parseTargetPlatform('linux'), 'string');
    assert.equal(parseSeveritySetting('WARN'), 'warning');
    assert.equal(parseSeveritySetting('off'), 'off');
    assert.equal(parseSeveritySetting('fatal'), undefined);
  });
});

describe('config look-up (nearest .archlens.yaml wins)', () => {
  let root: string;
  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'archlens-config-'));
    fs.mkdirSync(path.join(root, 'team', 'svc'), { recursive: true });
    fs.writeFileSync(path.join(root, '.archlens.yaml'), 'targets: [linux/amd64]\ncache: { ttlHours: 2 }\n');
    fs.writeFileSync(path.join(root, 'team', '.archlens.yaml'), 'targets: [linux/arm64]\n');
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('uses the nearest file above each checked file, not a merge of all of them', () => {
    const configs = new ConfigResolver({ root });
    const top = configs.forPath(path.join(root, 'a.yaml'));
    const deep = configs.forPath(path.join(root, 'team', 'svc', 'b.yaml'));
    assert.equal(top.file, path.join(root, '.archlens.yaml'));
    assert.deepEqual(top.config.targets, [{ os: 'linux', architecture: 'amd64' }]);
    assert.equal(deep.file, path.join(root, 'team', '.archlens.yaml'));
    assert.deepEqual(deep.config.targets, [{ os: 'linux', architecture: 'arm64' }]);
    assert.equal(deep.config.cache.ttlHours, 24, 'the nearest file alone applies, over the defaults');
    assert.equal(deep.baseDir, path.join(root, 'team'));
  });

  it('a folder whose listing (a walk\'s) holds no config file name is not looked in again; one that holds it is', () => {
    const configs = new ConfigResolver({ root });
    // The listing stands for the folder: team/svc listed without a config, so the one in team applies.
    configs.noteListing(path.join(root, 'team', 'svc'), ['b.yaml']);
    // A listing that names a config file leaves the look-up to the disk: team's file is found.
    configs.noteListing(path.join(root, 'team'), ['.archlens.yaml', 'svc']);
    assert.equal(configs.forPath(path.join(root, 'team', 'svc', 'b.yaml')).file, path.join(root, 'team', '.archlens.yaml'));
    // A listing taken as true: team listed without one (as if read before the file was written) is not looked in.
    const stale = new ConfigResolver({ root });
    stale.noteListing(path.join(root, 'team'), ['svc']);
    assert.equal(stale.forPath(path.join(root, 'team', 'x.yaml')).file, path.join(root, '.archlens.yaml'));
  });

  it('an explicit --config file applies everywhere; flag layers win over it', () => {
    const configs = new ConfigResolver({ root, configFile: path.join(root, '.archlens.yaml'), overrides: [{ cache: { ttlHours: 9 } }] });
    const deep = configs.forPath(path.join(root, 'team', 'svc', 'b.yaml'));
    assert.deepEqual(deep.config.targets, [{ os: 'linux', architecture: 'amd64' }]);
    assert.equal(deep.config.cache.ttlHours, 9);
  });

  it('editor settings win over the file (configForFile)', () => {
    const resolved = configForFile(path.join(root, 'team', 'x.yaml'), { targets: [{ os: 'linux', architecture: 'amd64' }, { os: 'linux', architecture: 'arm64' }] });
    assert.equal(resolved.file, path.join(root, 'team', '.archlens.yaml'));
    assert.equal(resolved.config.targets.length, 2);
  });

  it('a missing --config file is a problem with the file name, not a crash', () => {
    const configs = new ConfigResolver({ root, configFile: path.join(root, 'nope.yaml') });
    const resolved = configs.forPath(path.join(root, 'a.yaml'));
    assert.deepEqual(resolved.problems.map((p) => formatConfigProblem(p, root)), ['nope.yaml:1:1: error: no such file']);
    assert.deepEqual(resolved.config, defaultConfig());
  });
});

describe('package.json settings (contributes.configuration)', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8'));
  const props = pkg.contributes.configuration.properties as Record<string, {
    description?: string; markdownDescription?: string; enum?: string[]; enumDescriptions?: string[];
    items?: { pattern?: string; enum?: string[]; examples?: string[] };
    properties?: Record<string, { description?: string; enum?: string[]; enumDescriptions?: string[] }>;
  }>;

  it('every setting is described, and every enum value too', () => {
    for (const [key, prop] of Object.entries(props)) {
      assert.ok((prop.description ?? prop.markdownDescription ?? '').length > 20, `${key} has no description`);
      if (prop.enum) assert.equal(prop.enumDescriptions?.length, prop.enum.length, `${key}: enumDescriptions`);
    }
  });

  it('archlens.rules lists every rule of the catalog by code, with its name, and the five severities', () => {
    const rules = props['archlens.rules'].properties!;
    assert.deepEqual(Object.keys(rules), allRuleMetas().map((m) => m.code));
    for (const meta of allRuleMetas()) {
      assert.equal(rules[meta.code].description, `${meta.code} ${meta.name}`);
      assert.deepEqual(rules[meta.code].enum, ['error', 'warning', 'info', 'hint', 'off']);
      assert.ok(rules[meta.code].enum!.every((v) => v === 'off' || parseSeveritySetting(v) === v));
    }
  });

  it('archlens.targets accepts every os/arch[/variant] a cluster may report (linux/arm from a 32-bit node) and suggests the usual ones', () => {
    const items = props['archlens.targets'].items!;
    assert.equal(items.enum, undefined, 'an enum would flag targets read from a cluster (linux/arm, linux/mips64le) as invalid');
    const pattern = new RegExp(items.pattern!);
    for (const target of ['linux/amd64', 'linux/arm64', 'linux/arm', 'linux/arm/v7', 'windows/amd64', 'linux/mips64le', 'linux/riscv64']) {
      assert.ok(pattern.test(target), target);
      assert.notEqual(typeof parseTargetPlatform(target), 'string', target);
    }
    for (const bad of ['amd64 ', 'linux', 'linux/amd64,linux/arm64', 'linux/arm/v7/x']) assert.ok(!pattern.test(bad), bad);
    for (const example of items.examples!) assert.notEqual(typeof parseTargetPlatform(example), 'string', example);
  });
});
