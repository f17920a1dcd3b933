/** The Bake HCL reader: structure, string lists and exact offsets, tolerant of what it does not model. */
import * as assert from 'node:assert/strict';
import { parseHcl, type HclBlock, type HclAttribute } from '../../../server/src/buildscripts/hcl';

const blocks = (text: string) => parseHcl(text).body.filter((i): i is HclBlock => i.type === 'block');
const attr = (b: HclBlock, name: string) => b.body.find((i): i is HclAttribute => i.type === 'attribute' && i.name === name);

describe('build scripts: Bake HCL reader', () => {
  it('reads blocks, labels and string lists with offsets', () => {
    const text = 'group "default" {\n  targets = ["web", "api"]\n}\ntarget "web" {\n  platforms = ["linux/amd64"]\n}\n';
    const { body, errors } = parseHcl(text);
    assert.deepEqual(errors, []);
    assert.deepEqual(body.map((b) => b.type === 'block' ? `${b.name} ${b.labels.map((l) => l.value).join(',')}` : b.name), ['group default', 'target web']);
    const platforms = attr(blocks(text)[1], 'platforms')!.value;
    assert.equal(platforms.kind, 'list');
    if (platforms.kind !== 'list') return;
    const item = platforms.items[0];
    assert.equal(item.kind, 'string');
    assert.equal(text.slice(item.start, item.end), '"linux/amd64"');
    assert.equal(text.slice(platforms.start, platforms.end), '["linux/amd64"]');
  });

  it('marks interpolated strings dynamic, keeps $${ literal, and reads escapes', () => {
    const text = 'target "x" {\n  tags = ["r/x:${TAG}", "r/x:$${TAG}", "a\\"b"]\n}\n';
    const tags = attr(blocks(text)[0], 'tags')!.value;
    assert.ok(tags.kind === 'list');
    if (tags.kind !== 'list') return;
    assert.deepEqual(tags.items.map((i) => i.kind === 'string' ? [i.value, i.dynamic] : i.kind), [['r/x:${…}', true], ['r/x:${TAG}', false], ['a"b', false]]);
  });

  it('treats functions, references, objects, conditionals, comprehensions and heredocs as opaque values', () => {
    const text = `target "x" {
  platforms = split(",", PLATFORMS)
  args = {
    A = "1" # comment }
  }
  cache-from = [for t in tags : "type=registry,ref=\${t}"]
  tags = TAG == "" ? [] : ["a"]
  dockerfile-inline = <<-EOT
    FROM alpine
    RUN echo "}"
  EOT
  output = ["type=registry"]
}
`;
    const { body, errors } = parseHcl(text);
    assert.deepEqual(errors, []);
    const b = body[0] as HclBlock;
    assert.deepEqual(b.body.map((i) => `${(i as HclAttribute).name}:${(i as HclAttribute).value.kind}`),
      ['platforms:other', 'args:other', 'cache-from:other', 'tags:other', 'dockerfile-inline:other', 'output:list']);
    assert.equal(text.slice(b.close, b.close + 1), '}');
  });

  it('skips all comment styles', () => {
    const text = '# a\n// b\n/* target "no" {\n} */\ntarget "yes" {} // c\n';
    assert.deepEqual(blocks(text).map((b) => b.labels[0].value), ['yes']);
  });

  it('recovers from errors with a reported error, without hanging', () => {
    for (const text of ['target "x" {\n  = 1\n}\n', 'target "x" {\n  a = [1, 2\n', '}}}', 'target "x" "y" z {', '"', 'a = "\n', 'x = <<EOT\nno end\n', 'x = [[[[[[', '\u0000\u0001']) {
      const started = Date.now();
      const { errors } = parseHcl(text);
      assert.ok(errors.length > 0, JSON.stringify(text));
      assert.ok(Date.now() - started < 500);
    }
  });
});
