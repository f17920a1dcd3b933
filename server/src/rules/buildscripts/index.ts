/** The build-invocation rules, in code order. */
import type { Rule } from '../../core/rule';
import type { BuildModel } from '../../buildscripts/model';
import { AL501 } from './AL501-push-without-platform';
import { AL502 } from './AL502-single-platform-push';
import { AL503 } from './AL503-multiplatform-without-builder';
import { AL504 } from './AL504-compose-platform-mismatch';

export const buildScriptRules: readonly Rule<BuildModel>[] = [AL501, AL502, AL503, AL504];
