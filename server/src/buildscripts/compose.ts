/**
 * Compose files: services that build an image a registry will receive (`build:` with an `image:`
 * naming a registry host, or `build.tags`), their `build.platforms` / `platform`, and services that
 * pull `image:` for a `platform:` (AL504).
 */
import type { ParseOutcome } from '../core/analyzer';
import { LineIndex } from '../core/text';
import { templateOfAnotherTool } from './template';
import { readYamlDocuments } from '../core/yaml/documents';
import { entriesOf, pairOf, textOf, valueOf, type KNode } from '../core/yaml/knode';
import { parseImageReference } from '../images/reference';
import { namesRegistry } from './names';
import type { BuildModel, BuildOutput, BuildSite, ComposePlatformUse, Insertion, PlatformItem, PlatformSpec } from './model';
import { expandCompose, splitValue, type Value } from './values';
import { endOfLastLine, indentAt, rangeOfNode, trimEnd } from './layout';

function seqPlatforms(node: KNode, lines: LineIndex): PlatformSpec {
  if (node.type !== 'seq') return { kind: 'dynamic' };
  const items: PlatformItem[] = [];
  for (const item of node.items) {
    const value = textOf(item);
    if (value === undefined || value.includes('$')) return { kind: 'dynamic' };
    items.push({ text: value, range: rangeOfNode(item, lines) });
  }
  const last = node.items[node.items.length - 1] as KNode | undefined;
  const quote = last?.type === 'scalar' && last.style === 'double' ? '"' : last?.type === 'scalar' && last.style === 'single' ? "'" : '';
  let append: Insertion;
  if (node.flow) {
    append = last
      ? { offset: last.end, prefix: ', ', separator: ', ', suffix: '', quote }
      : { offset: node.start + 1, prefix: '', separator: ', ', suffix: '', quote };
  } else {
    const dash = indentAt(lines, last!.start);
    const dashIndent = lines.lineText(lines.positionAt(last!.start).line).slice(0, dash.column).replace(/-\s*$/, '');
    append = { offset: endOfLastLine(lines, last!), prefix: `${lines.eol}${dashIndent}- `, separator: `${lines.eol}${dashIndent}- `, suffix: '', quote };
  }
  return { kind: 'list', items, range: rangeOfNode(node, lines), append };
}

export function parseCompose(text: string): ParseOutcome<BuildModel> {
  const lines = new LineIndex(text);
  const { roots, problems: read } = readYamlDocuments(text, lines);
  const problems = templateOfAnotherTool(text, read, 'a Compose file', true);
  const builds: BuildSite[] = [];
  const composePlatforms: ComposePlatformUse[] = [];
  for (const root of roots) {
    // Services whose build:, image: and platform: all come from one anchor (`<<: *app` in each of
    // InvokeAI's cuda/cpu/rocm services) are one build at one place: one site naming them all.
    const shared = new Map<string, { site: BuildSite; names: string[] }>();
    for (const service of entriesOf(valueOf(root, 'services'))) {
      const serviceMap = service.value;
      if (serviceMap.type !== 'map') continue;
      const serviceName = service.keyText ?? '';
      const imageNode = valueOf(serviceMap, 'image');
      const image = textOf(imageNode);
      const platformNode = valueOf(serviceMap, 'platform');
      const platform = textOf(platformNode);
      const buildPair = pairOf(serviceMap, 'build');
      if (!buildPair) {
        if (image && imageNode && platform && platformNode && !platform.includes('$')) {
          composePlatforms.push({
            service: serviceName,
            image: parseImageReference(image),
            imageRange: rangeOfNode(imageNode, lines),
            platform: { text: platform, range: rangeOfNode(platformNode, lines) },
            serviceLine: lines.positionAt(service.key.start).line,
          });
        }
        continue;
      }
      const build = buildPair.value;
      const sameAs = `${buildPair.key.start}:${imageNode?.start ?? -1}:${platformNode?.start ?? -1}`;
      const earlier = shared.get(sameAs);
      if (earlier) {
        earlier.names.push(serviceName);
        earlier.site.what = `Compose service "${earlier.names[0]}" (and ${earlier.names.slice(1).map((n) => `"${n}"`).join(', ')}, which share its build: and image:)`;
        earlier.site.anchors.push(lines.positionAt(service.key.start).line);
        continue;
      }
      const tagsNode = build.type === 'map' ? valueOf(build, 'tags') : undefined;
      const tags = tagsNode?.type === 'seq' ? tagsNode.items.map((i) => textOf(i) ?? '') : [];
      const published = [image ?? '', ...tags].find(namesRegistry);
      const platformsNode = build.type === 'map' ? valueOf(build, 'platforms') : undefined;
      let platforms: PlatformSpec;
      if (platformsNode) platforms = seqPlatforms(platformsNode, lines);
      else if (platform && platformNode) platforms = platform.includes('$') ? { kind: 'dynamic' } : { kind: 'list', items: [{ text: platform, range: rangeOfNode(platformNode, lines) }], range: rangeOfNode(platformNode, lines) };
      else platforms = { kind: 'none' };
      const keyColumn = lines.positionAt(buildPair.key.start).character;
      const serviceColumn = lines.positionAt(service.key.start).character;
      const indent = ' '.repeat(keyColumn + Math.max(2, keyColumn - serviceColumn));
      let addPlatforms: Insertion | undefined;
      if (build.type === 'map' && !build.flow && build.pairs.length > 0) {
        const firstKey = build.pairs[0].key;
        const inner = ' '.repeat(lines.positionAt(firstKey.start).character);
        addPlatforms = { offset: endOfLastLine(lines, build), prefix: `${lines.eol}${inner}platforms: [`, separator: ', ', suffix: ']', quote: '"' };
      } else if (build.type === 'map' && build.flow && text[trimEnd(text, build.start, build.end) - 1] === '}') {
        // `build: {context: .}` → `build: {context: ., platforms: […]}`
        const close = trimEnd(text, build.start, build.end) - 1;
        const end = trimEnd(text, build.start + 1, close);
        const comma = text[end - 1] === ',' ? ' ' : build.pairs.length > 0 ? ', ' : '';
        addPlatforms = { offset: end, prefix: `${comma}platforms: [`, separator: ', ', suffix: ']', quote: '"' };
      } else if (build.type === 'scalar' && !build.isNull && build.style === 'plain' && serviceMap.flow) {
        // `{build: ., …}` → `{build: {context: ., platforms: […]}, …}`
        addPlatforms = { offset: build.start, deleteTo: build.end, prefix: `{context: ${text.slice(build.start, build.end)}, platforms: [`, separator: ', ', suffix: ']}', quote: '"' };
      } else if (build.type === 'scalar' && !build.isNull && build.style === 'plain') {
        let from = build.start;
        while (from > 0 && (text[from - 1] === ' ' || text[from - 1] === '\t')) from--;
        addPlatforms = {
          offset: from, deleteTo: build.end,
          prefix: `${lines.eol}${indent}context: ${text.slice(build.start, build.end)}${lines.eol}${indent}platforms: [`,
          separator: ', ', suffix: ']', quote: '"',
        };
      }
      const output: BuildOutput = { names: [], paths: 'file', dockerfileInContext: true, platforms: { kind: 'none' } };
      const written = (node: KNode) => ({ value: expandCompose(textOf(node) ?? ''), range: rangeOfNode(node, lines) });
      for (const node of [imageNode, ...(tagsNode?.type === 'seq' ? tagsNode.items : [])]) if (node?.type === 'scalar' && !node.isNull) output.names.push(written(node));
      const contextNode = build.type === 'scalar' ? build : valueOf(build, 'context');
      if (contextNode?.type === 'scalar' && !contextNode.isNull) output.context = written(contextNode);
      else if (build.type === 'map' && !contextNode) output.context = { value: [{ text: '.' }], range: rangeOfNode(buildPair.key, lines) };
      const dockerfileNode = build.type === 'map' ? valueOf(build, 'dockerfile') : undefined;
      if (dockerfileNode?.type === 'scalar' && !dockerfileNode.isNull) output.dockerfile = written(dockerfileNode);
      if (build.type === 'map' && valueOf(build, 'dockerfile_inline')) output.contextUnknown = 'the Dockerfile is inline';
      if (platforms.kind === 'list') output.platforms = { kind: 'list', items: platforms.items.map((i) => [{ text: i.text }]) };
      else if (platforms.kind === 'dynamic') {
        const items: Value[] = platformsNode?.type === 'seq'
          ? platformsNode.items.map((i) => expandCompose(textOf(i) ?? ''))
          : platformsNode ? [[{ text: '', unknown: 'build.platforms is not a list' }]] : splitValue(expandCompose(platform ?? ''), /[,\s]+/);
        output.platforms = { kind: 'list', items };
      }
      const site: BuildSite = {
        what: `Compose service "${serviceName}"`,
        option: platformsNode || !platformNode ? 'build.platforms' : 'platform',
        range: rangeOfNode(buildPair.key, lines),
        anchors: [lines.positionAt(service.key.start).line],
        platforms,
        push: published ? { how: `its image ${published} names a registry (docker compose push / build --push)` } : undefined,
        // Compose builds on the current builder: on the default docker driver with the classic image
        // store, several build.platforms fail `docker compose build` and `up --build` alike (docker/compose
        // "builder does not support multi-arch"), so a fix adding them is offered, not preferred.
        multiPlatformBuilder: false,
        addPlatforms,
        outputs: [output],
      };
      builds.push(site);
      shared.set(sameAs, { site, names: [serviceName] });
    }
  }
  return { model: { kind: 'compose', builds, composePlatforms, mirrors: [], copyTools: [] }, problems };
}
