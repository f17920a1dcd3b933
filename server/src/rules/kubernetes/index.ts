/** The Kubernetes rules, in code order: the analyser runs this list. */
import type { Rule } from '../../engine/rule';
import type { KubernetesModel } from '../../kubernetes/model';
import { AL101 } from './AL101-unknown-arch-value';
import { AL102 } from './AL102-deprecated-arch-label';
import { AL103 } from './AL103-partial-arch-terms';
import { AL104 } from './AL104-unsatisfiable-arch-constraint';
import { AL105 } from './AL105-arch-label-misplaced';
import { AL106 } from './AL106-arch-specific-image-name';

export const kubernetesRules: readonly Rule<KubernetesModel>[] = [AL101, AL102, AL103, AL104, AL105, AL106];
