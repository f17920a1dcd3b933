/** copyOperands: what a COPY or ADD copies, read one way for every rule and fact (dockerfile/copy.ts). */
import * as assert from 'node:assert/strict';
import { copyOperands } from '../../../server/src/dockerfile/copy';
import { buildModel } from '../../../server/src/dockerfile/model';

function operandsOf(line: string, escapeDirective = '') {
  const model = buildModel(`${escapeDirective}FROM scratch\n${line}\n`);
  const ins = model.stages[0].instructions.find((i) => i.keyword === 'COPY' || i.keyword === 'ADD')!;
  return copyOperands(model, ins);
}

describe('dockerfile: copyOperands', () => {
  it('reads flags, sources and the destination, quotes off', () => {
    assert.deepEqual(operandsOf('COPY --chmod=0755 "bin/app" lib/ /opt/'), { from: false, sources: ['bin/app', 'lib/'], destination: '/opt/' });
    assert.deepEqual(operandsOf('COPY --from=build /out/app /app'), { from: true, sources: ['/out/app'], destination: '/app' });
  });
  it('reads the exec form as JSON, spaces in names included', () => {
    assert.deepEqual(operandsOf('COPY ["my app", "conf.json", "/srv/"]'), { from: false, sources: ['my app', 'conf.json'], destination: '/srv/' });
  });
  it('a heredoc is no source, and its body is not read as operands', () => {
    assert.deepEqual(operandsOf('COPY <<EOF /etc/motd\nhello /tmp/x\nEOF'), { from: false, sources: [], destination: '/etc/motd' });
  });
  it('a continuation line is whitespace, with the file\'s escape character', () => {
    assert.deepEqual(operandsOf('COPY a \\\n  b /d'), { from: false, sources: ['a', 'b'], destination: '/d' });
    assert.deepEqual(operandsOf('COPY a `\n  b C:\\d', '# escape=`\n'), { from: false, sources: ['a', 'b'], destination: 'C:\\d' });
  });
});
