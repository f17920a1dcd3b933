/** Pruning unread blocks before parsing changes nothing, over the whole shared Kubernetes corpus. */
import { assertPruningChangesNothing, filesUnder } from '../helpers/corpus';
import { describeWithShared } from '../helpers/shared';

describeWithShared('pruning over the whole Kubernetes corpus', ['corpus', 'kubernetes'], function (corpus) {
  it('gives the same findings, image ranges and problems as parsing whole documents', function () {
    this.timeout(120000);
    assertPruningChangesNothing(filesUnder(corpus));
  });
});
