/**
 * BuildKit's own build checks (`docker build --check`) that are the same check as an archlens rule,
 * and the `# check=skip=…` parser directive that turns them off. A maintainer who wrote
 * `# check=skip=FromPlatformFlagConstDisallowed` has said the constant `--platform` is deliberate
 * (vaultwarden pins its static web-vault and xx stages to linux/amd64): archlens repeating the same
 * warning under another name is noise.
 */

/** archlens rule → BuildKit's name for the same check. */
const SAME_CHECK: Readonly<Record<string, string>> = {
  AL303: 'FromPlatformFlagConstDisallowed',
  AL304: 'RedundantTargetPlatform',
};

/** The directives BuildKit knows; its directive block ends at the first line that is not one of them. */
const KNOWN = new Set(['syntax', 'escape', 'check']);
const DIRECTIVE = /^#\s*([A-Za-z][A-Za-z0-9]*)\s*=\s*(.*)$/;

/**
 * The checks a Dockerfile's `# check=skip=A,B` directive skips (lower case; `all` for every check).
 * BuildKit reads `check` as `;`-separated settings (`skip=…;error=true`) in the directive block at
 * the top of the file, which ends at the first line that is not a known directive.
 */
export function skippedChecks(text: string): ReadonlySet<string> {
  const skipped = new Set<string>();
  if (!text.includes('check')) return skipped;
  let at = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (at < text.length) {
    const nl = text.indexOf('\n', at);
    const line = text.slice(at, nl === -1 ? text.length : nl).trim();
    const m = DIRECTIVE.exec(line);
    if (!m || !KNOWN.has(m[1].toLowerCase())) break;
    if (m[1].toLowerCase() === 'check') {
      for (const setting of m[2].split(';')) {
        const [key, value] = setting.split('=', 2).map((s) => s.trim());
        if (key.toLowerCase() !== 'skip' || value === undefined) continue;
        for (const name of value.split(',')) if (name.trim()) skipped.add(name.trim().toLowerCase());
      }
    }
    if (nl === -1) break;
    at = nl + 1;
  }
  return skipped;
}

/** Whether the file's `# check=skip=` turns off BuildKit's check that is this rule. */
export function skippedByBuildKitDirective(skipped: ReadonlySet<string>, rule: string): boolean {
  const same = SAME_CHECK[rule];
  return same !== undefined && (skipped.has('all') || skipped.has(same.toLowerCase()));
}
