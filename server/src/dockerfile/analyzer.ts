/** The Dockerfile reader: parse into the stage/scope model and collect its images. */
import type { FileReader, ImageUse } from '../core/analyzer';
import type { Finding, InputProblem } from '../core/types';
import { parsePlatform } from '../images/platform';
import { skippedByBuildKitDirective, skippedChecks } from './buildkit-checks';
import { buildModel, heredocsOf, type DockerfileModel } from './model';

/**
 * Real Dockerfiles are kilobytes. dockerfile-ast's parse costs about 0.4 ms per KB and the rules on
 * a worst case (every line a compile and a download) about 2 ms per KB, so this keeps one file near
 * a second in the editor; a larger one gets a message instead of an analysis (10 MB would be ~20 s).
 */
/** The problem of a Dockerfile with no build stage (workspace/test-inputs.ts notes it in a tests/ folder). */
export const NO_FROM = 'no FROM instruction: this Dockerfile defines no build stage';

export const MAX_DOCKERFILE_BYTES = 512 * 1024;

/** The Dockerfile instructions (BuildKit's parser, MAINTAINER included). */
const KEYWORDS = new Set(['FROM', 'RUN', 'CMD', 'LABEL', 'MAINTAINER', 'EXPOSE', 'ENV', 'ADD', 'COPY', 'ENTRYPOINT', 'VOLUME', 'USER', 'WORKDIR', 'ARG', 'ONBUILD', 'STOPSIGNAL', 'HEALTHCHECK', 'SHELL']);

/**
 * A line that starts with a Go-template (`{{ .base }}`) or Jinja (`{% if %}`) action, where a
 * Dockerfile has an instruction (a `{{.Id}}` inside a RUN is the command's own), or an action that
 * opens on one line and closes on a later one (dotnet/dotnet-docker's Cottle fragments:
 * `{{InsertTemplate("../Dockerfile.linux.download-appliance", [` in a RUN), which no format string does.
 */
const TEMPLATE_ACTION = /^[ \t]*(?:\{\{[^\n]*?\}\}|\{%[^\n]*?%\})/m;

/** The template action that marks the text as a template (its first line), if any. Linear: one pass over the `{{`. */
function templateAction(text: string): string | undefined {
  const single = TEMPLATE_ACTION.exec(text);
  if (single) return single[0].trim();
  let close = -1;
  for (let open = text.indexOf('{{'); open >= 0; open = text.indexOf('{{', open + 2)) {
    if (close < open) close = text.indexOf('}}', open + 2);
    if (close < 0) return undefined;
    const lineEnd = text.indexOf('\n', open);
    if (lineEnd >= 0 && lineEnd < close) return text.slice(open, lineEnd).trim();
  }
  return undefined;
}

/** Parses a Dockerfile; problems say what could not be read, never a throw. */
export function parseDockerfile(text: string, target?: string): { model?: DockerfileModel; problems: InputProblem[] } {
  if (text.length > MAX_DOCKERFILE_BYTES) {
    const kb = text.length / 1024;
    const size = kb < 1024 ? `${Math.ceil(kb)} KB` : `${(kb / 1024).toFixed(1)} MB`;
    return { problems: [{ message: `Dockerfile too large to analyse (${size}; archlens analyses Dockerfiles up to ${MAX_DOCKERFILE_BYTES / 1024} KB)` }] };
  }
  const model = buildModel(text, target);
  const problems: InputProblem[] = [];
  for (const ins of model.instructions) {
    if (ins.keyword !== 'RUN' && ins.keyword !== 'COPY' && ins.keyword !== 'ADD') continue;
    const body = text.slice(ins.argsStart, ins.end);
    if (!body.includes('<<')) continue;
    for (const h of heredocsOf(ins)) {
      const r = h.getStartRange();
      if (h.getDelimiterRange() || closedInText(text, model.lines.offsetAt(r.end), ins.end, h.getName(), text.slice(model.lines.offsetAt(r.start), model.lines.offsetAt(r.end)).startsWith('<<-'))) continue;
      problems.push({
        message: `unterminated heredoc <<${h.getName()} (line ${r.start.line + 1}): no closing '${h.getName()}' line, so the rest of the file is read as its content`,
        range: r,
      });
    }
  }
  if (model.stages.length === 0 && model.instructions.length > 0) {
    // A file named like a Dockerfile with no Dockerfile instruction at all (a symbolic link checked
    // out as a text file holding its target, a README): not a Dockerfile, so not failed as one.
    if (!model.instructions.some((i) => KEYWORDS.has(i.keyword))) {
      const first = text.trim().split(/\r?\n/)[0].slice(0, 80);
      const link = /^[\w./-]+$/.test(text.trim()) ? ' (a symbolic link checked out as a file?)' : '';
      problems.push({ message: `skipped: not a Dockerfile: no line is a Dockerfile instruction ("${first}"${link})`, skipped: true });
    } else if (templateAction(text) !== undefined) {
      // A template that renders a Dockerfile (caddy-docker's gomplate `Dockerfile.tmpl`, whose FROM
      // is `{{ .base }}`): its Dockerfile is the rendered one, checked where it is written.
      const action = templateAction(text)!.slice(0, 60);
      problems.push({ message: `skipped: a template that renders a Dockerfile, not one: no FROM outside its template markup ("${action}")`, skipped: true });
    } else {
      problems.push({ message: NO_FROM });
    }
  }
  return { model, problems };
}

/**
 * Whether a line after the opener, within the instruction, closes the heredoc. dockerfile-ast misses
 * the closing line after a body line ending in an escaped character (`find ... -exec chmod 644 {} \\;`:
 * airbyte-platform's airbyte-webapp/Dockerfile): it keeps reading the newline as escaped. BuildKit
 * reads a heredoc body line by line, so that line is an ordinary one.
 */
function closedInText(text: string, openerEnd: number, end: number, name: string, stripTabs: boolean): boolean {
  const eol = text.indexOf('\n', openerEnd);
  if (eol === -1 || eol >= end) return false;
  return text.slice(eol + 1, end).split('\n').some((line) => {
    const l = line.replace(/\r$/, '');
    return (stripTabs ? l.replace(/^\t+/, '') : l) === name;
  });
}

/** The Dockerfile images the resolver needs, each with the constant platform its stage is built for. */
export function dockerfileImages(model: DockerfileModel): ImageUse[] {
  const uses: ImageUse[] = [];
  for (const stage of model.stages) {
    for (const img of stage.images) {
      const use: ImageUse = { reference: img.reference, range: model.lines.range(img.start, img.end) };
      if (stage.platform.kind === 'constant' && stage.platform.value) {
        const platform = parsePlatform(stage.platform.value);
        if (platform) use.platform = platform;
      }
      uses.push(use);
    }
  }
  return uses;
}

function skippedChecksOf(model: DockerfileModel): ReadonlySet<string> {
  return skippedChecks(model.text);
}

export const dockerfileReader: FileReader<DockerfileModel> = {
  kind: 'dockerfile',
  parse: (text) => parseDockerfile(text),
  images: dockerfileImages,
  // `# check=skip=FromPlatformFlagConstDisallowed` silences AL303, BuildKit's name for the same check.
  isSuppressed: (model: DockerfileModel, finding: Finding) => skippedByBuildKitDirective(model.memo.get(skippedChecksOf, model), finding.rule),
  // The stages, in order: a fix must not lose, add or merge one.
  outline: (model) => model.stages.map((s) => `FROM ${s.name ?? `#${s.index}`}`),
};
