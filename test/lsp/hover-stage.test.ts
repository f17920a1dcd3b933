/** Dockerfile stage hovers follow the configured build target, as the rules do (in process: no protocol needed). */
import * as assert from 'node:assert/strict';
import { analyze } from '../../server/src/engine/analyze';
import { defaultConfig, type EffectiveConfig } from '../../server/src/core/config';
import { hover, type HoverContext } from '../../server/src/lsp/hover';
import type { DocumentState } from '../../server/src/lsp/analysis';
import { imageMapOf } from '../../server/src/imagemap';
import { localSession } from '../../server/src/lsp/analysis-service';

const DOCKERFILE = 'FROM alpine AS runtime\nRUN true\nFROM alpine AS debug\nRUN true\n';

function stageHoverText(config: EffectiveConfig, line: number): string {
  const unit = analyze({ documents: [{ file: 'Dockerfile', text: DOCKERFILE }], config });
  const [analysis] = unit.documents;
  assert.ok(analysis);
  const workspace = imageMapOf([]);
  const session = localSession({ file: 'Dockerfile', text: DOCKERFILE, kind: 'dockerfile', config, lookupFailures: 'all' }, unit, workspace);
  const state: DocumentState = { uri: 'file:///w/Dockerfile', version: 1, kind: 'dockerfile', config, analysis, unit: session, lookups: new Map(), complete: true, findings: [], internalErrors: [], workspace };
  const result = hover(state, { line, character: 1 }, { trusted: true, offline: true, pending: false, lookup: () => undefined } satisfies HoverContext);
  return (result?.contents as { value: string } | undefined)?.value ?? '';
}

describe('Dockerfile stage hover', () => {
  it('names the last stage as exported by default', () => {
    assert.match(stageHoverText(defaultConfig(), 2), /This is the exported stage/);
    assert.match(stageHoverText(defaultConfig(), 0), /does not reach the exported image/);
  });

  it('follows dockerTarget from the configuration', () => {
    const config = { ...defaultConfig(), dockerTarget: 'runtime' };
    assert.match(stageHoverText(config, 0), /This is the exported stage/);
    assert.match(stageHoverText(config, 2), /does not reach the exported image/);
  });
});
