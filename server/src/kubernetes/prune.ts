/**
 * Before a workload document is parsed, the blocks archlens never reads (env lists, probes,
 * volumes, command lines, ConfigMap data…) are overwritten with one comment line of the same length.
 * Offsets stay exactly where they were, so every range the model reports is a range of the
 * original text; the parser just has far fewer tokens to build (a Deployment is mostly env and
 * volume entries). The key line itself stays, so the key still exists (with a null value).
 *
 * A block is: the lines after `<indent>key:` that are blank, comments, indented deeper than the
 * key, or sequence items (`- `) at the key's own indentation. That is how YAML nests block
 * content, flow collections and block scalars under a key, so a block never swallows a sibling.
 */

/** Keys whose values no rule or fix builder reads. */
const UNREAD_KEYS = new Set([
  'env', 'envFrom', 'volumeMounts', 'volumeDevices', 'ports', 'livenessProbe', 'readinessProbe',
  'startupProbe', 'lifecycle', 'resources', 'securityContext', 'args', 'command', 'volumes',
  'data', 'stringData', 'binaryData', 'volumeClaimTemplates', 'dnsConfig', 'hostAliases',
]);

const KEY_LINE = /^( *)(?:- +)*([A-Za-z][A-Za-z]*):(?:[ \t]|\r?$)/;
/** What may follow `key:` on its line for the block below to be prunable: nothing, a comment, a block scalar header. */
const PRUNABLE_REST = /^[ \t]*(?:[|>][-+0-9]*[ \t]*)?(?:#.*)?\r?$/;
/** An anchor definition (not a shell `&&`): pruning it away would break a later alias, so such documents are left whole. */
const ANCHOR = /(?:^|[\s,[{])&[^\s,[\]{}&]/m;

/**
 * A block's lines as one comment line of the same length (its inner line breaks become spaces, a
 * final \r stays): `yaml` lexes a comment line with one indexOf, where lines of spaces cost a token
 * or two each. Only offsets are read back from the parse (line numbers come from the real text).
 */
function oneCommentLine(block: string): string {
  const cr = block.endsWith('\r');
  return `#${' '.repeat(block.length - 1 - (cr ? 1 : 0))}${cr ? '\r' : ''}`;
}

export function blankUnreadSections(text: string): string {
  if (ANCHOR.test(text)) return text;
  const lines = text.split('\n');
  const out: string[] = [];
  let changed = false;
  for (let i = 0; i < lines.length; i++) {
    out.push(lines[i]);
    const match = KEY_LINE.exec(lines[i]);
    if (!match || !UNREAD_KEYS.has(match[2])) continue;
    if (!PRUNABLE_REST.test(lines[i].slice(match[0].length))) continue;
    // The key's column: after any "- " indicators on the line.
    const keyColumn = lines[i].indexOf(match[2], match[1].length);
    let j = i + 1;
    for (; j < lines.length; j++) {
      const line = lines[j];
      const content = line.replace(/\r$/, '');
      const trimmed = content.trimStart();
      if (trimmed === '' || trimmed.startsWith('#')) continue;
      const indent = content.length - trimmed.length;
      if (indent > keyColumn) continue;
      if (indent === keyColumn && (trimmed === '-' || trimmed.startsWith('- '))) continue;
      break;
    }
    // Trailing blank/comment lines belong to whatever follows: leave them.
    let end = j;
    while (end > i + 1 && /^\s*(#.*)?\r?$/.test(lines[end - 1])) end--;
    if (end > i + 1) {
      out.push(oneCommentLine(lines.slice(i + 1, end).join('\n')));
      i = end - 1;
      changed = true;
    }
  }
  return changed ? out.join('\n') : text;
}
