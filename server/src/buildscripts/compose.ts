/**
 * Compose files: services that build an image a registry will receive (`build:` with an `image:`
 * naming a registry host, or `build.tags`), their `build.platforms` / `platform`, and services that
 * pull `image:` for a `platform:` (AL504).
 */
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import type { ParseOutcome } from '../core/analyzer';
import { LineIndex } from '../core/text';
import { parseImageReference } from '../images/reference';
import { namesRegistry } from './names';
import type { BuildModel, BuildSite, ComposePlatformUse, Insertion, PlatformItem, PlatformSpec } from './model';
import { endOfLastLine, entries, get, indentAt, parseYaml, rangeOfNode, str, trimEnd, type YDoc } from './yaml';

function seqPlatforms(doc: YDoc, node: Node, lines: LineIndex): PlatformSpec {
  if (!isSeq(node) || !node.range) return { kind: 'dynamic' };
  const items: PlatformItem[] = [];
  for (const item of node.items) {
    const value = str(doc, item);
    if (value === undefined || value.includes('$') || !isScalar(item)) return { kind: 'dynamic' };
    items.push({ text: value, range: rangeOfNode(item, lines) });
  }
  const last = node.items[node.items.length - 1] as Node | undefined;
  const quote = last && isScalar(last) && last.type === 'QUOTE_DOUBLE' ? '"' : last && isScalar(last) && last.type === 'QUOTE_SINGLE' ? "'" : '';
  let append: Insertion;
  if (node.flow) {
    append = last
      ? { offset: last.range![1], prefix: ', ', separator: ', ', suffix: '', quote }
      : { offset: node.range[0] + 1, prefix: '', separator: ', ', suffix: '', quote };
  } else {
    const dash = indentAt(lines, last!.range![0]);
    const dashIndent = lines.lineText(lines.positionAt(last!.range![0]).line).slice(0, dash.column).replace(/-\s*$/, '');
    append = { offset: endOfLastLine(lines, last!), prefix: `${lines.eol}${dashIndent}- `, separator: `${lines.eol}${dashIndent}- `, suffix: '', quote };
  }
  return { kind: 'list', items, range: rangeOfNode(node, lines), append };
}

export function parseCompose(text: string): ParseOutcome<BuildModel> {
  const lines = new LineIndex(text);
  const { docs, problems } = parseYaml(text, lines);
  const builds: BuildSite[] = [];
  const composePlatforms: ComposePlatformUse[] = [];
  for (const doc of docs) {
    for (const service of entries(doc, get(doc, doc.contents, 'services'))) {
      if (!isMap(service.value)) continue;
      const imageNode = get(doc, service.value, 'image');
      const image = str(doc, imageNode);
      const platformNode = get(doc, service.value, 'platform');
      const platform = str(doc, platformNode);
      const buildPair = entries(doc, service.value).find((e) => e.key === 'build');
      if (!buildPair) {
        if (image && imageNode && platform && platformNode && !platform.includes('$')) {
          composePlatforms.push({
            service: service.key,
            image: parseImageReference(image),
            imageRange: rangeOfNode(imageNode, lines),
            platform: { text: platform, range: rangeOfNode(platformNode, lines) },
            serviceLine: lines.positionAt(service.keyNode.range![0]).line,
          });
        }
        continue;
      }
      const build = buildPair.value;
      const tags = isMap(build) ? (() => { const t = get(doc, build, 'tags'); return isSeq(t) ? t.items.map((i) => str(doc, i) ?? '') : []; })() : [];
      const published = [image ?? '', ...tags].find(namesRegistry);
      const platformsNode = isMap(build) ? get(doc, build, 'platforms') : undefined;
      let platforms: PlatformSpec;
      if (platformsNode) platforms = seqPlatforms(doc, platformsNode, lines);
      else if (platform && platformNode) platforms = platform.includes('$') ? { kind: 'dynamic' } : { kind: 'list', items: [{ text: platform, range: rangeOfNode(platformNode, lines) }], range: rangeOfNode(platformNode, lines) };
      else platforms = { kind: 'none' };
      const keyColumn = lines.positionAt(buildPair.keyNode.range![0]).character;
      const serviceColumn = lines.positionAt(service.keyNode.range![0]).character;
      const indent = ' '.repeat(keyColumn + Math.max(2, keyColumn - serviceColumn));
      let addPlatforms: Insertion | undefined;
      if (isMap(build) && !build.flow && build.items.length > 0) {
        const firstKey = build.items[0].key as Node;
        const inner = ' '.repeat(lines.positionAt(firstKey.range![0]).character);
        addPlatforms = { offset: endOfLastLine(lines, build), prefix: `${lines.eol}${inner}platforms: [`, separator: ', ', suffix: ']', quote: '"' };
      } else if (isMap(build) && build.flow && build.range && text[trimEnd(text, build.range[0], build.range[1]) - 1] === '}') {
        // `build: {context: .}` → `build: {context: ., platforms: […]}`
        const close = trimEnd(text, build.range[0], build.range[1]) - 1;
        const end = trimEnd(text, build.range[0] + 1, close);
        const comma = text[end - 1] === ',' ? ' ' : build.items.length > 0 ? ', ' : '';
        addPlatforms = { offset: end, prefix: `${comma}platforms: [`, separator: ', ', suffix: ']', quote: '"' };
      } else if (isScalar(build) && build.range && build.type === 'PLAIN' && service.value.flow) {
        // `{build: ., …}` → `{build: {context: ., platforms: […]}, …}`
        addPlatforms = { offset: build.range[0], deleteTo: build.range[1], prefix: `{context: ${text.slice(build.range[0], build.range[1])}, platforms: [`, separator: ', ', suffix: ']}', quote: '"' };
      } else if (isScalar(build) && build.range && build.type === 'PLAIN') {
        let from = build.range[0];
        while (from > 0 && (text[from - 1] === ' ' || text[from - 1] === '\t')) from--;
        addPlatforms = {
          offset: from, deleteTo: build.range[1],
          prefix: `${lines.eol}${indent}context: ${text.slice(build.range[0], build.range[1])}${lines.eol}${indent}platforms: [`,
          separator: ', ', suffix: ']', quote: '"',
        };
      }
      builds.push({
        what: `Compose service "${service.key}"`,
        option: platformsNode || !platformNode ? 'build.platforms' : 'platform',
        range: rangeOfNode(buildPair.keyNode, lines),
        anchors: [lines.positionAt(service.keyNode.range![0]).line],
        platforms,
        push: published ? { how: `its image ${published} names a registry (docker compose push / build --push)` } : undefined,
        addPlatforms,
      });
    }
  }
  return { model: { kind: 'compose', builds, composePlatforms }, problems };
}
