/** What the Dockerfile rule tables share: lint as a Dockerfile, one finding, none, a fix's exact result. */
import * as assert from 'node:assert/strict';
import { applyFixAndRelint, findingsOf, rangeOf } from '../../helpers/lint';
import type { Finding } from '../../../server/src/core/types';

export const opts = { file: 'Dockerfile' };
export const df = (...lines: string[]) => `${lines.join('\n')}\n`;

export function one(text: string, code: string): Finding {
  const found = findingsOf(text, code, opts);
  assert.equal(found.length, 1, `expected one ${code}, got ${found.length}: ${JSON.stringify(found.map((f) => f.message))}`);
  return found[0];
}
export function none(text: string, code: string): void {
  const found = findingsOf(text, code, opts);
  assert.deepEqual(found.map((f) => `${rangeOf(f)} ${f.message}`), [], `${code} must not fire`);
}
export function fix(text: string, f: Finding, expected: string, index = 0): void {
  const fixed = applyFixAndRelint(text, f, f.fixes?.[index], opts);
  assert.equal(fixed, expected);
}

