/** Real manifests and Dockerfiles (test/fixtures/corpus) through the built CLI offline: findings or not, never an error exit. */
import * as path from 'node:path';
import { FIXTURES } from '../helpers/shared';
import { cliCorpusChecks } from './corpus-checks';

describe('archlens check --offline over real files (test/fixtures/corpus)', function () {
  this.timeout(300_000);
  cliCorpusChecks(path.join(FIXTURES, 'corpus'));
});
