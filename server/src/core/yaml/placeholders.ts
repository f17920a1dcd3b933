/**
 * Placeholder lines of a YAML template that a script or a tool fills in with lines of YAML: a
 * `{NAME}` alone on its line (`{serviceAccountExtra}` in column 0, `{envs}` among a list's items:
 * emissary fills in whole lines there), a `${ expression }` alone on its line, an `<NAME>` alone on
 * its line. Such a line breaks the document from there on, so the errors are everywhere after it;
 * the document is a template when it parses once its placeholder lines are blanked and its other
 * `{NAME}` fields filled with plain text of their length. Shared by the manifest reader
 * (kubernetes/extract.ts), kustomize's resource reader and the Helm values reader.
 */
import { parseYamlDocuments } from './parse';

/**
 * A `{NAME}` placeholder, or a Python `str.format` field (`{self.path.k8s}`, `{images[kat-server]}`:
 * emissary's integration-test manifests, which its tests fill in with .format()).
 */
export const BRACED_FIELD = String.raw`\{[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*|\[[^\]\s{}]+\])*\}`;

const FIELD_LINES = new RegExp(String.raw`^[ \t]*${BRACED_FIELD}[ \t]*$`, 'gm');
const FIELDS = new RegExp(BRACED_FIELD, 'g');
/**
 * A `${ expression }` alone on its line, one level of braces inside: Garden's and Terraform
 * templatefile's way of putting lines of YAML there (`${indent(yamlEncode(var.env), 12)}`, garden's
 * core/test/data/test-projects/merge-in-module-template/manifests-template.yml).
 */
const EXPRESSION_LINES = /^[ \t]*\$\{[^{}\n]*(?:\{[^{}\n]*\}[^{}\n]*)*\}[ \t]*$/gm;
/**
 * An `<NAME>` alone on its line where a mapping's entries go: kubefirst/gitops-template's
 * `<CERT_MANAGER_ISSUER_ANNOTATION_1>` under `annotations:`, which its CLI replaces with lines of
 * YAML (or nothing) when it copies the template into a new repository.
 */
const ANGLE_LINES = /^[ \t]*<[A-Za-z_][A-Za-z0-9_.-]*>[ \t]*$/gm;

/** The text with its placeholder lines blanked and its fields filled in; undefined when it has no placeholder line. */
export function fillPlaceholderLines(text: string): string | undefined {
  FIELD_LINES.lastIndex = 0;
  EXPRESSION_LINES.lastIndex = 0;
  ANGLE_LINES.lastIndex = 0;
  if (!FIELD_LINES.test(text) && !EXPRESSION_LINES.test(text) && !ANGLE_LINES.test(text)) return undefined;
  const blank = (line: string) => ' '.repeat(line.length);
  return text.replace(EXPRESSION_LINES, blank).replace(FIELD_LINES, blank).replace(ANGLE_LINES, blank).replace(FIELDS, (field) => 'x'.repeat(field.length));
}

/** Whether a text that does not parse does once its placeholder lines are filled in: a template, not YAML yet. */
export function parsesOnceFilledIn(text: string): boolean {
  const filled = fillPlaceholderLines(text);
  return filled !== undefined && parseYamlDocuments(filled, { uniqueKeys: false, prettyErrors: false }).every((d) => d.errors.length === 0);
}
