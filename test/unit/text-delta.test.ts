import { strict as assert } from 'node:assert';
import { applyDelta, textDelta } from '../../server/src/lsp/text-delta';

describe('text deltas (a worker is sent the change to the text it holds)', () => {
  const long = 'apiVersion: apps/v1\nkind: Deployment\n'.repeat(2000); // beyond the chunked comparison's 4096 characters
  const cases: Array<[string, string, string]> = [
    ['unchanged', 'abc', 'abc'],
    ['from empty', '', 'abc'],
    ['to empty', 'abc', ''],
    ['insert in the middle', 'abcdef', 'abcXYdef'],
    ['delete in the middle', 'abcXYdef', 'abcdef'],
    ['replace at the start', 'xbc', 'abc'],
    ['replace at the end', 'abx', 'abc'],
    ['repeated text (prefix and suffix must not overlap)', 'aaaa', 'aaaaaa'],
    ['repeated text shrinking', 'aaaaaa', 'aa'],
    ['a surrogate pair changed', 'x\u{1F600}y', 'x\u{1F601}y'],
    ['one line of a long text', long, `${long.slice(0, 30000)}IfNotPresent${long.slice(30006)}`],
    ['a long text grown at both ends', long, `# head\n${long}# tail\n`],
    ['a long text replaced entirely', long, long.toUpperCase()],
  ];
  for (const [name, before, after] of cases) {
    it(name, () => {
      const delta = textDelta(before, after);
      assert.equal(applyDelta(before, delta), after);
      assert.ok(delta.start <= delta.end && delta.end <= before.length);
    });
  }

  it('is as small as the edit', () => {
    const after = `${long.slice(0, 30000)}IfNotPresent${long.slice(30006)}`;
    const delta = textDelta(long, after);
    assert.ok(delta.insert.length <= 'IfNotPresent'.length, `inserted ${delta.insert.length} characters`);
    assert.ok(delta.end - delta.start <= 6);
  });
});
