// WeakRef: a target stays while reachable, is kept for the job that created or
// dereferenced it (KeepDuringJob), and is cleared by the first full GC of a later job
// once unreachable. FinalizationRegistry callbacks run as later tasks (new jobs), which is
// how this program crosses job boundaries (each registry's cleanup is its own task).

let strong = { name: 'strong' };
let doomed = { name: 'doomed' };
const strongRef = new WeakRef(strong);
const doomedRef = new WeakRef(doomed);
const symbolRef = new WeakRef(Symbol('weakly held'));
doomed = null;
gc();
console.log('same job, after gc:', strongRef.deref().name, doomedRef.deref().name);
console.log('deref is the same object:', strongRef.deref() === strong);
console.log(Object.prototype.toString.call(strongRef), strongRef);

function nextJob(name, fn) {
  const registry = new FinalizationRegistry(fn);
  (function () {
    registry.register({}, name);
  })();
  gc();
}

nextJob('job 2', (name) => {
  gc();
  console.log(name + ': after gc, doomed is', doomedRef.deref());
  console.log(name + ': strong is still', strongRef.deref().name);
  console.log(name + ': symbol target is', String(symbolRef.deref()));
  strong = null;
  gc();
  console.log(name + ': strong deref in its last job:', strongRef.deref().name);
  nextJob('job 3', (name3) => {
    gc();
    console.log(name3 + ': strong is now', strongRef.deref());
    console.log(name3 + ': symbol is now', symbolRef.deref());
  });
});
console.log('end of the script');
