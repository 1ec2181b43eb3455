// WeakMap and WeakSet: the Map/Set-like API, and ephemeron semantics — an entry lives
// only as long as its key; a value reachable only through its own dead key dies with it
// (a cycle key → value → key included); entries with live keys keep their values.

const wm = new WeakMap();
const ws = new WeakSet();
const k1 = { id: 1 };
const k2 = { id: 2 };
const sym = Symbol('key');
console.log(wm.set(k1, 'one') === wm, wm.set(k2, { two: 2 }).get(k2), wm.set(sym, 'symbol key').get(sym));
console.log(wm.get(k1), wm.has(k1), wm.has({ id: 1 }), wm.get({}), wm.get(1), wm.has('x'));
console.log(wm.delete(k1), wm.delete(k1), wm.has(k1), wm.get(k1));
wm.set(k1, 'again');
wm.set(k1, 'replaced');
console.log(wm.get(k1));
console.log(ws.add(k1) === ws, ws.has(k1), ws.has(k2), ws.delete(k1), ws.has(k1), ws.delete(k1));
console.log(wm, ws, [wm], { ws });

// Many keys, survived by every other one; the collection is checked after GCs move them.
const keys = [];
const big = new WeakMap();
for (let i = 0; i < 2000; i++) {
  const k = { i };
  keys.push(k);
  big.set(k, { value: i * 2 });
}
gc();
for (let i = 0; i < keys.length; i += 2) keys[i] = null;
gc();
let sum = 0;
let found = 0;
for (const k of keys) {
  if (k !== null && big.has(k)) {
    found++;
    sum += big.get(k).value;
  }
}
console.log('found', found, 'sum', sum);

// Values reachable only through a dead key die, cycles included. Witnesses are WeakRefs
// created in one FinalizationRegistry task and read in a later one (each registry's cleanup
// is its own job), so KeepDuringJob does not hold their targets.
const table = new WeakMap();
let liveKey = { name: 'live key' };
function later(job) {
  const registry = new FinalizationRegistry(job);
  (function () {
    registry.register({}, 'next job');
  })();
  gc();
}
later(() => {
  const witnesses = (function () {
    const deadKey = { name: 'dead key' };
    const cycleKey = { name: 'cycle key' };
    const valueOfDead = { payload: 'value of the dead key' };
    const cycleValue = { back: cycleKey };
    table.set(deadKey, valueOfDead);
    table.set(cycleKey, cycleValue);
    const liveValue = { payload: 'value of the live key' };
    table.set(liveKey, liveValue);
    return {
      deadKey: new WeakRef(deadKey),
      valueOfDead: new WeakRef(valueOfDead),
      cycleKey: new WeakRef(cycleKey),
      cycleValue: new WeakRef(cycleValue),
      liveValue: new WeakRef(liveValue),
    };
  })();
  later(() => {
    gc();
    for (const name of Object.keys(witnesses)) {
      console.log(name, witnesses[name].deref() === undefined ? 'collected' : 'alive');
    }
    console.log('live entry:', table.get(liveKey).payload);
  });
});
console.log('end of the script');
