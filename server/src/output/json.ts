/** `--format json`: the documented shape (ARCHITECTURE.md), plus `problems` for input that could not be checked. */
import type { ImageLookup } from '../images/lookup';
import { platformString } from '../registry/format';
import { jsonText } from '../core/escape';
import { relativePath, type ReportInput } from './report';

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
      fixes: (f.fixes ?? []).map((fix) => ({ title: fix.title, preferred: fix.preferred ?? false, edits: fix.edits })),
      ...(f.related?.length ? {
        related: f.related.map((r) => ({ ...(r.file ? { file: relativePath(r.file, input.cwd) } : {}), range: r.range, message: r.message })),
      } : {}),
    })),
  );
  const images: Record<string, ReturnType<typeof jsonImage>> = {};
  for (const [reference, lookup] of [...input.result.images].sort(([a], [b]) => a.localeCompare(b))) images[reference] = jsonImage(lookup);
  const problems = input.result.files.flatMap((file) =>
    file.problems.map((p) => ({ file: relativePath(file.file, input.cwd), message: p.message, ...(p.range ? { range: p.range } : {}) })),
  );
  return jsonText({ version: 1, findings, images, problems });
}
