/** The GitHub Action's pieces that need no runner: diff parsing, workflow-command escaping, the inputs → command line. */
import * as assert from 'node:assert/strict';
import { parseUnifiedDiff } from '../../../server/src/action/changed-lines';
import { escapeData, escapeProperty, findingAnnotation } from '../../../server/src/action/workflow-commands';
import { checkArguments } from '../../../server/src/action/main';

describe('GitHub Action pieces', () => {
  it('parses git diff --unified=0: added and changed lines by new path; deletions add nothing', () => {
    const diff = [
      'diff --git a/deploy/app.yaml b/deploy/app.yaml',
      '--- a/deploy/app.yaml',
      '+++ b/deploy/app.yaml',
      '@@ -4 +4 @@ metadata:',
      '-  name: web',
      '+  name: storefront',
      '@@ -10,2 +9,0 @@ spec:',
      '-a',
      '-b',
      '@@ -20,0 +21,3 @@',
      '+x', '+y', '+z',
      'diff --git a/new.yaml b/new.yaml',
      'new file mode 100644',
      '--- /dev/null',
      '+++ b/dir with space/new.yaml',
      '@@ -0,0 +1,2 @@',
      '+a', '+b',
      'diff --git a/gone.yaml b/gone.yaml',
      '--- a/gone.yaml',
      '+++ /dev/null',
      '@@ -1,3 +0,0 @@',
      '-a',
    ].join('\n');
    const files = parseUnifiedDiff(diff);
    assert.deepEqual([...files.keys()], ['deploy/app.yaml', 'dir with space/new.yaml']);
    assert.deepEqual([...files.get('deploy/app.yaml')!], [4, 21, 22, 23]);
    assert.deepEqual([...files.get('dir with space/new.yaml')!], [1, 2]);
  });

  it('escapes workflow commands: a message stays one line, a property cannot start another', () => {
    assert.equal(escapeData('50% of\r\nnodes'), '50%25 of%0D%0Anodes');
    assert.equal(escapeProperty('a:b,c%'), 'a%3Ab%2Cc%25');
    const line = findingAnnotation({ rule: 'AL101', name: 'unknown-arch-value', severity: 'info', message: 'two\nlines', range: { start: { line: 2, character: 4 }, end: { line: 2, character: 10 } } }, 'dir,x/a:b.yaml');
    assert.equal(line, '::notice file=dir%2Cx/a%3Ab.yaml,line=3,endLine=3,col=5,endColumn=11,title=AL101 unknown-arch-value::two%0Alines');
  });

  it('turns the inputs into the check command line (INPUT_FAIL-ON as GitHub names it, or INPUT_FAIL_ON)', () => {
    assert.deepEqual(checkArguments({}), ['check', '--format', 'text', '--fail-on', 'error']);
    assert.deepEqual(checkArguments({ INPUT_PATHS: 'deploy\ncharts  k8s/', INPUT_TARGETS: 'linux/amd64, linux/arm64\nlinux/arm/v7', 'INPUT_FAIL-ON': 'warning', INPUT_FORMAT: 'json', INPUT_CONFIG: 'ci/archlens.yaml' }),
      ['check', 'deploy', 'charts', 'k8s/', '--target', 'linux/amd64,linux/arm64,linux/arm/v7', '--config', 'ci/archlens.yaml', '--format', 'json', '--fail-on', 'warning']);
    assert.deepEqual(checkArguments({ INPUT_FAIL_ON: 'none' }).slice(-2), ['--fail-on', 'none']);
  });
});
