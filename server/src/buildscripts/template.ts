import type { InputProblem } from '../core/types';

/**
 * A build file written as a template of another tool is not YAML until rendered: its syntax error
 * is listed as skipped, at info level, as a manifest template's is. Jinja markers (`{% if %}`,
 * `{# #}`) count for every kind: Mailu's setup wizard renders its Compose flavors with Jinja, and
 * cookiecutter-django ships `{{cookiecutter.project_slug}}/.github/workflows/ci.yml` and
 * `.gitlab-ci.yml` with `{%- if cookiecutter.use_docker == 'y' %}` blocks. A bare `{{ }}` counts
 * only where the file's own syntax has no such expressions (`mustache`): a workflow's `${{ }}`
 * is GitHub's, not another tool's.
 */
export function templateOfAnotherTool(text: string, problems: InputProblem[], kind: string, mustache: boolean): InputProblem[] {
  if (problems.length === 0) return problems;
  const what = /\{%|\{#/.test(text) ? 'a Jinja template' : mustache && text.includes('{{') ? 'a template ({{ }})' : undefined;
  if (!what) return problems;
  return [{ message: `skipped: ${what}, not ${kind} until rendered, and it is not valid YAML (${problems[0].message})`, range: problems[0].range, skipped: true }];
}
