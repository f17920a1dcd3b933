/** vars.ts possibleValues: every value a COPY path may take from the stage's ENV values, or unknown. */
import * as assert from 'node:assert/strict';
import { possibleValues } from '../../../server/src/dockerfile/vars';

describe('possibleValues', () => {
  const env = new Map([['DIR', '${SOURCES:+/qdrant/src}'], ['APP', '/app'], ['EMPTY', '']]);
  it('follows ENV values, and `${X:+w}` of a variable nothing fixes is empty or w (qdrant)', () => {
    assert.deepEqual(possibleValues('${DIR:-/null?}', env), ['/null?', '/qdrant/src']);
    assert.deepEqual(possibleValues('$DIR/', env), ['/', '/qdrant/src/']);
    assert.deepEqual(possibleValues('$APP/bin/${APP:+x}', env), ['/app/bin/x']);
    assert.deepEqual(possibleValues('${EMPTY:-/d}|${EMPTY-/d}|${EMPTY+s}|${EMPTY:+s}', env), ['/d||s|']);
    assert.deepEqual(possibleValues('/plain/path', env), ['/plain/path']);
  });
  it('unknown when a variable could hold anything (an ARG the build passes), or too many values', () => {
    assert.equal(possibleValues('$TAG/bin', env), undefined);
    assert.equal(possibleValues('${TAG:-/default}', env), undefined);
    assert.equal(possibleValues('${A:+a}${B:+b}${C:+c}${D:+d}${E:+e}', env), undefined); // 32 > 16
    const loop = new Map([['A', '$B'], ['B', '$A']]);
    assert.equal(possibleValues('$A', loop), undefined);
  });
});
