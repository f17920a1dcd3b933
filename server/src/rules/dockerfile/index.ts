/** The Dockerfile rules, in code order. */
import type { Rule } from '../../core/rule';
import type { DockerfileModel } from '../../dockerfile/model';
import { AL301 } from './AL301-platform-arg-not-in-scope';
import { AL302 } from './AL302-platform-arg-default-shadows';
import { AL303 } from './AL303-constant-from-platform';
import { AL304 } from './AL304-redundant-target-platform';
import { AL305 } from './AL305-platform-flag-on-stage-ref';
import { AL306 } from './AL306-build-platform-compile-without-target';
import { AL307 } from './AL307-hardcoded-target-arch';
import { AL308 } from './AL308-hardcoded-arch-download';
import { AL309 } from './AL309-arch-probe-on-build-platform';
import { AL310 } from './AL310-final-stage-on-build-platform';
import { AL311 } from './AL311-arch-namespace-base-image';
import { AL401 } from './AL401-base-image-lacks-target';
import { AL402 } from './AL402-base-digest-pins-one-platform';

export const dockerfileRules: readonly Rule<DockerfileModel>[] = [AL301, AL302, AL303, AL304, AL305, AL306, AL307, AL308, AL309, AL310, AL311, AL401, AL402];
