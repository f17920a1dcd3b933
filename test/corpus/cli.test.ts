/** The whole shared corpus of real manifests and Dockerfiles through the built CLI offline. */
import { cliCorpusChecks } from '../cli/corpus-checks';
import { describeWithShared } from '../helpers/shared';

describeWithShared('archlens check --offline over the whole shared corpus', ['corpus'], function (corpus) {
  this.timeout(300_000);
  cliCorpusChecks(corpus);
});
