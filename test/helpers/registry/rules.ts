/**
 * Registry-rule tests end to end: a real docker-registry on loopback, the real resolver, the engine
 * (analyze, both phases) — and fixes applied and re-checked against the registry.
 */
import * as assert from 'node:assert/strict';
import { analyze } from '../../../server/src/engine/analyze';
import { defaultConfig, type EffectiveConfig } from '../../../server/src/core/config';
import { applyEdits } from '../../../server/src/core/text';
import type { Finding, Fix } from '../../../server/src/core/types';
import { startRegistry, type TestRegistry } from './registry';
import { testResolver, type TestResolver } from './resolver';

export const findingKey = (f: Finding): string => `${f.rule}: ${f.message}`;
export const codes = (findings: Finding[]): string[] => findings.map((f) => f.rule);

export interface RegistryRulesHarness {
  registry: TestRegistry;
  resolver: TestResolver;
  /** The configuration checks run with; a test may replace it (e.g. other targets) and restore it. */
  config: EffectiveConfig;
  /** Findings of a file through the real resolver; asserts the file parsed cleanly. */
  check(file: string, text: string): Promise<Finding[]>;
  /**
   * Applies a fix, re-checks through the registry, and asserts the `gone` findings (default: the
   * finding itself) disappeared and nothing else changed. Returns the fixed text.
   */
  fixAndRecheck(file: string, text: string, finding: Finding, fix: Fix | undefined, gone?: string[]): Promise<string>;
  stop(): Promise<void>;
}

/** Starts an anonymous registry and a resolver allowed to use it over plain http. */
export async function startRegistryRules(): Promise<RegistryRulesHarness> {
  const registry = await startRegistry();
  const resolver = testResolver({ insecure: [registry.host] });
  const harness: RegistryRulesHarness = {
    registry,
    resolver,
    config: { ...defaultConfig(), registries: { ...defaultConfig().registries, insecure: [registry.host] } },
    async check(file, text) {
      const [result] = (await analyze({ documents: [{ file, text }], config: harness.config }).registry(resolver)).documents;
      assert.ok(result, `${file} is not a file archlens reads`);
      assert.deepEqual(result.problems, []);
      return result.findings;
    },
    async fixAndRecheck(file, text, finding, fix, gone = [findingKey(finding)]) {
      assert.ok(fix, `${finding.rule} has no fix`);
      const before = await harness.check(file, text);
      const fixed = applyEdits(text, fix.edits);
      const after = await harness.check(file, fixed);
      for (const k of gone) assert.ok(!after.some((f) => findingKey(f) === k), `${k} still reported:\n${fixed}`);
      assert.deepEqual(after.map(findingKey).sort(), before.map(findingKey).filter((k) => !gone.includes(k)).sort(), `other findings changed:\n${fixed}`);
      return fixed;
    },
    async stop() {
      await resolver.close();
      await registry.stop();
    },
  };
  return harness;
}
