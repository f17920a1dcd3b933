/**
 * `--format json`: the documented shape (README, "The command line"), plus `problems` for input that could not
 * be checked, `internalErrors` for files archlens itself failed on, and for a finding of a rendered
 * chart its `unit` (kind, root, the variants it was found in) and fix edits naming their `file`.
 */
import type { ImageLookup } from '../images/lookup';
import { platformString } from '../registry/format';
import { jsonText } from '../core/escape';
import { isSkippedFile, relativePath, skippedSummary, uncheckedOf, type ReportInput } from './report';

export function jsonImage(lookup: ImageLookup) {
  if (!lookup.ok) return { digest: null, mediaType: null, platforms: [] as string[], error: lookup.error.message, state: lookup.error.state };
  const image = lookup.image;
  return { digest: image.digest, mediaType: image.mediaType, platforms: image.platforms.map((p) => platformString(p.platform)), error: null };
}

export function formatJson(input: ReportInput): string {
  const findings = input.result.files.flatMap((file) =>
    file.findings.map((f) => ({
      file: relativePath(file.file, input.cwd),
      rule: f.rule,
      name: f.name,
      severity: f.severity,
      message: f.message,
      range: f.range,
      fixes: (f.fixes ?? []).map((fix) => ({
        title: fix.title,
        preferred: fix.preferred ?? false,
        // An edit of another file (a chart's values.yaml, AL210's build file) names it, relative like every path here.
        edits: fix.edits.map((e) => (e.file ? { ...e, file: relativePath(e.file, input.cwd) } : e)),
      })),
      // A finding of a rendered chart: which chart, and the variants it was found in when not all of them.
      ...(f.unit ? { unit: { kind: f.unit.kind, root: relativePath(f.unit.root, input.cwd), ...(f.unit.variants ? { variants: f.unit.variants } : {}) } } : {}),
      ...(f.related?.length ? {
        related: f.related.map((r) => ({ ...(r.file ? { file: relativePath(r.file, input.cwd) } : {}), range: r.range, message: r.message })),
      } : {}),
    })),
  );
  const images: Record<string, ReturnType<typeof jsonImage>> = {};
  for (const [reference, lookup] of [...input.result.images].sort(([a], [b]) => a.localeCompare(b))) images[reference] = jsonImage(lookup);
  // A skipped file (not recognisably one of archlens's kinds) is listed at info level; input problems are errors.
  const problems = input.result.files.flatMap((file) =>
    file.problems.map((p) => ({
      file: relativePath(file.file, input.cwd),
      message: p.message,
      severity: p.skipped ? 'info' : p.severity ?? 'error',
      ...(p.skipped ? { skipped: true } : {}),
      ...(p.range ? { range: p.range } : {}),
    })),
  );
  const internalErrors = input.result.files.flatMap((file) =>
    file.internalErrors.map((e) => ({ file: relativePath(file.file, input.cwd), during: e.during, message: e.message })),
  );
  // Images of Dockerfiles, Compose and build files that could not be checked (those of manifests get AL209 findings).
  const unchecked = uncheckedOf(input).map((u) => ({ image: u.reference, state: u.state, error: u.message, files: u.files.map((f) => relativePath(f, input.cwd)) }));
  // `checked`: the files checked, as the text summary line counts them (skipped and vendored files apart).
  const checked = input.result.files.filter((f) => !isSkippedFile(f)).length;
  return jsonText({ version: 1, checked, findings, images, problems, internalErrors, ...(unchecked.length > 0 ? { unchecked } : {}), ...skippedSummary(input) });
}
