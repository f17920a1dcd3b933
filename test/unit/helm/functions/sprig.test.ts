/**
 * sprig's own template tests, run through the engine with Helm's function map. Where Helm
 * replaces a sprig function (fail, getHostByName, toJson, fromJson …), HELM_DIFFERENCES says what
 * Helm renders instead and why.
 */
import * as assert from 'node:assert/strict';
import { TemplateSet } from '../../../../server/src/helm/template';
import { createHelmFunctions } from '../../../../server/src/helm/functions';
import { CLOCK_MS, SPRIG_CASES } from './sprig-cases';
import { seededRandom } from './helpers';

/** Cases whose outcome differs under Helm, by template: [expected, fails, why]. */
const ZERO_MODE = 'Helm renders with missingkey=zero: a field of a missing key is a nil pointer error';
const HELM_DIFFERENCES: Record<string, [string, boolean, string]> = {
  '{{if empty .bottom.NoSuchThing}}1{{else}}0{{end}}': ['', true, ZERO_MODE],
  '{{ coalesce .top.NoSuchThing .bottom .bottom.dollar "airplane"}}': ['', true, ZERO_MODE],
  '{{ all .top.NoSuchThing .bottom .bottom.dollar "airplane"}}': ['', true, ZERO_MODE],
  '{{ any .top.NoSuchThing .bottom .bottom.dollar "airplane"}}': ['', true, ZERO_MODE],
  '{{env "FOO"}}': ['', true, 'Helm deletes env from the function map'],
  '{{expandenv "Hello $FOO"}}': ['', true, 'Helm deletes expandenv from the function map'],
  '{{ shuffle "Hello World" }}': ['doeHlrlWlo ', false, "the order comes from the random source (Go's math/rand seed 1 cannot be reproduced)"],
  '{{ getHostByName "www.google.com" | regexMatch "\\\\d+\\\\.\\\\d+\\\\.\\\\d+\\\\.\\\\d+" }}': ['false', false, "Helm's getHostByName returns \"\" unless DNS lookups are enabled"],
};

function render(template: string, data: unknown): { output?: string; error?: string } {
  const set = new TemplateSet(createHelmFunctions({ clock: () => CLOCK_MS, random: seededRandom(1) }));
  try {
    set.add('test', template);
    return { output: set.execute('test', data).output };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

describe('helm functions: sprig v3.3.0 template tests', () => {
  const byFile = new Map<string, typeof SPRIG_CASES>();
  for (const c of SPRIG_CASES) byFile.set(c[0], [...(byFile.get(c[0]) ?? []), c]);
  for (const [file, cases] of byFile) {
    it(`${file} (${cases.length} cases)`, () => {
      const failures: string[] = [];
      for (const [, test, template, expected, fails, data] of cases) {
        const diff = HELM_DIFFERENCES[template];
        const want = diff ? diff[0] : expected;
        const wantFail = diff ? diff[1] : fails;
        const got = render(template, data ?? {});
        if (wantFail) {
          if (got.error === undefined) failures.push(`${test}: ${template}\n    expected an error, got ${JSON.stringify(got.output)}`);
        } else if (got.error !== undefined) {
          failures.push(`${test}: ${template}\n    expected ${JSON.stringify(want)}, got error ${got.error}`);
        } else if (got.output !== want) {
          failures.push(`${test}: ${template}\n    expected ${JSON.stringify(want)}, got ${JSON.stringify(got.output)}`);
        }
      }
      assert.deepEqual(failures, []);
    });
  }
});
