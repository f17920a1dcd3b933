/**
 * SARIF 2.1.0 for code scanning: one run, rule metadata from the catalog, 1-based regions in UTF-16
 * code units (LSP's columns + 1), fixes as artifact changes, unreadable inputs as notifications.
 */
import { pathToFileURL } from 'node:url';
import { ruleDocUrl } from '../core/rule';
import type { Finding, Fix, Range, Severity } from '../core/types';
import { allRuleMetas } from '../rules/catalog';
import { escapeControls, jsonText } from '../core/escape';
import { summarizeUnchecked } from '../engine/unchecked';
import { ISSUES_URL, relativePath, uncheckedOf, type ReportInput } from './report';

const SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
const SRCROOT = '%SRCROOT%';

type Level = 'error' | 'warning' | 'note';
function levelOf(severity: Severity): Level {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'note';
}

/** A SARIF region; an empty range (an insertion point) keeps endColumn = startColumn. */
export function sarifRegion(range: Range) {
  return {
    startLine: range.start.line + 1,
    startColumn: range.start.character + 1,
    endLine: range.end.line + 1,
    endColumn: range.end.character + 1,
  };
}

/** The fixes SARIF can carry: at least one edit each (replacements has minItems 1), no duplicates (fixes are uniqueItems). */
function sarifFixes(finding: Finding): Fix[] {
  const seen = new Set<string>();
  return (finding.fixes ?? []).filter((fix) => {
    const key = JSON.stringify([fix.title, fix.edits]);
    if (fix.edits.length === 0 || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function formatSarif(input: ReportInput): string {
  const metas = allRuleMetas();
  const index = new Map(metas.map((m, i) => [m.code, i]));
  // Each segment encoded: encodeURI would leave '#' and '?' in a file name to read as a fragment or a query.
  const artifact = (file: string) => ({ uri: relativePath(file, input.cwd).split('/').map(encodeURIComponent).join('/'), uriBaseId: SRCROOT });

  const results = input.result.files.flatMap((file) =>
    file.findings.map((f) => ({ f, fixes: sarifFixes(f) })).map(({ f, fixes }) => ({
      ruleId: f.rule,
      ...(index.has(f.rule) ? { ruleIndex: index.get(f.rule) } : {}),
      level: levelOf(f.severity),
      message: { text: escapeControls(f.message) },
      locations: [{ physicalLocation: { artifactLocation: artifact(file.file), region: sarifRegion(f.range) } }],
      ...(f.related?.length ? {
        relatedLocations: f.related.map((r, i) => ({
          id: i + 1,
          message: { text: escapeControls(r.message) },
          physicalLocation: { artifactLocation: artifact(r.file ?? file.file), region: sarifRegion(r.range) },
        })),
      } : {}),
      ...(fixes.length ? {
        fixes: fixes.map((fix) => ({
          description: { text: escapeControls(fix.title) },
          // One change per file: a fix of a rendered chart may edit values.yaml and a template, AL210's the build file.
          artifactChanges: [...new Set(fix.edits.map((e) => e.file ?? file.file))].map((target) => ({
            artifactLocation: artifact(target),
            replacements: fix.edits.filter((e) => (e.file ?? file.file) === target).map((e) => ({ deletedRegion: sarifRegion(e.range), insertedContent: { text: e.newText } })),
          })),
        })),
      } : {}),
      properties: {
        name: f.name, severity: f.severity, ...(f.targets ? { targets: f.targets } : {}),
        ...(f.unit ? { unit: { kind: f.unit.kind, root: relativePath(f.unit.root, input.cwd), ...(f.unit.variants ? { variants: f.unit.variants } : {}) } } : {}),
      },
    })),
  );

  const notifications = input.result.files.flatMap((file) => [
    ...file.problems.map((p) => ({
      level: p.skipped || p.severity === 'info' ? 'note' as const : p.severity === 'warning' ? 'warning' as const : 'error' as const,
      message: { text: escapeControls(p.message) },
      locations: [{ physicalLocation: { artifactLocation: artifact(file.file), ...(p.range ? { region: sarifRegion(p.range) } : {}) } }],
    })),
    // archlens's own failures: the run did not succeed on this file.
    ...file.internalErrors.map((e) => ({
      level: 'error' as const,
      descriptor: { id: 'internal-error' },
      message: { text: escapeControls(`archlens internal error (${e.during}): ${e.message} (please report: ${ISSUES_URL})`) },
      locations: [{ physicalLocation: { artifactLocation: artifact(file.file) } }],
    })),
  ]);
  const succeeded = input.result.files.every((file) => file.internalErrors.length === 0);

  // One note for the images of Dockerfiles, Compose and build files that could not be checked.
  const unchecked = summarizeUnchecked(uncheckedOf(input), (file) => relativePath(file, input.cwd));
  if (unchecked) notifications.push({ level: 'note', message: { text: escapeControls(unchecked) }, locations: [] });

  const sarif = {
    $schema: SCHEMA,
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'archlens',
          version: input.version,
          informationUri: 'https://github.com/archlens/archlens',
          rules: metas.map((m) => ({
            id: m.code,
            name: m.name,
            shortDescription: { text: m.summary },
            fullDescription: { text: m.summary },
            helpUri: ruleDocUrl(m.code),
            help: { text: `${m.summary} See ${ruleDocUrl(m.code)}` },
            defaultConfiguration: { level: levelOf(m.defaultSeverity), enabled: true },
            properties: { kind: m.kind, fileKinds: m.fileKinds, tags: ['architecture', m.kind] },
          })),
        },
      },
      originalUriBaseIds: { [SRCROOT]: { uri: pathToFileURL(input.cwd.endsWith('/') ? input.cwd : `${input.cwd}/`).href } },
      invocations: [{ executionSuccessful: succeeded, toolExecutionNotifications: notifications }],
      results,
      columnKind: 'utf16CodeUnits',
    }],
  };
  return jsonText(sarif);
}
