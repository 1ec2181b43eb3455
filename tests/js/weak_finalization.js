// FinalizationRegistry: callbacks run after the script's synchronous part, as tasks of
// their own, with the held values; targets still alive are not reported until they die;
// unregister tokens remove cells (even ones already cleared); symbols can be targets. The
// order among cells cleared by one GC is the collector's, so it is printed sorted.

const seen = [];
const registry = new FinalizationRegistry((held) => {
  seen.push(held);
});
const token = {};
let survivor = { name: 'survivor' };
(function () {
  registry.register({}, 'first');
  registry.register({}, 'second', token);
  registry.register({}, 'third');
  registry.register(survivor, 'survivor held');
  registry.register(Symbol('weak symbol'), 'symbol target');
})();
console.log('register returns', registry.register({}, 'discarded'));
gc();
console.log('unregister token:', registry.unregister(token), registry.unregister(token));
console.log('unregister unknown token:', registry.unregister({}));
console.log('nothing ran during the synchronous part:', seen.length);

// Each registry's cleanup is one task; tasks run in the order the GCs queued them.
const report = new FinalizationRegistry((label) => {
  console.log(label + ':', seen.sort().join(', '));
  seen.length = 0;
  survivor = null;
  gc();
  const last = new FinalizationRegistry(() => console.log('after dropping the survivor:', seen.join(', ')));
  (function () {
    last.register({}, 'last');
  })();
  gc();
});
(function () {
  report.register({}, 'cleaned up before the next task');
})();
gc();

const objects = new FinalizationRegistry((held) => console.log('object holdings:', held, held.list.length));
(function () {
  objects.register({}, { held: 'an object', list: [1, 2, 3] });
})();
gc();
console.log('end of the script');
