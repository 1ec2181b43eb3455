// Elements kinds: arrays of small integers, of doubles (unboxed in a FixedDoubleArray) and
// of anything, packed or holey, and their one-way transitions; holes and `length`; sparse
// (dictionary) elements; and the array builtins on double arrays. The `%Has...Elements`
// answers are V8's. (Integers between 2^30 and 2^31 are left out: they are Smis in Node,
// whose Smis have 32 bits, but not with V8's pointer compression, nor in Tagus.)
function kind(a) {
  const smi = %HasSmiElements(a), dbl = %HasDoubleElements(a), obj = %HasObjectElements(a);
  const base = smi ? 'SMI' : dbl ? 'DOUBLE' : obj ? 'OBJECT' : %HasDictionaryElements(a) ? 'DICTIONARY' : 'OTHER';
  return (%HasHoleyElements(a) ? 'HOLEY_' : smi || dbl || obj ? 'PACKED_' : '') + base;
}

// Literals and constructors start as specific as their contents allow.
console.log('literals:', kind([]), kind([1, 2, 3]), kind([1.5, 2]), kind(['a', 1]), kind([1, , 3]), kind([1.5, , 3]));
console.log('constructors:', kind(new Array()), kind(new Array(3)), kind(new Array(1, 2)), kind(new Array(1.5, 2)), kind(Array(1, 'a')));
console.log('objects:', kind({}), kind({ 0: 1 }), kind([{}]), kind([null]), kind([undefined]));

// Transitions only go more general: Smi -> double -> object, packed -> holey.
const t = [1, 2, 3];
console.log('start:', kind(t), t);
t[1] = 2.5;
console.log('double stored:', kind(t), t, t[0], t[1]);
t[1] = 7;
console.log('Smi back:', kind(t), t);
t.push('x');
console.log('string pushed:', kind(t), t);
t[3] = 4;
console.log('stays object:', kind(t), t);
delete t[0];
console.log('hole made:', kind(t), t, 0 in t, t[0]);
t[0] = 1;
console.log('hole filled, stays holey:', kind(t), t);

// Objects built the same way share maps, whatever order the transitions came in.
const p = [1.5]; p.x = 1;
const q = [1]; q.x = 2; q[0] = 2.5;
const r = [1, 2]; r.y = 1; r[0] = 'a';
const s = ['b', 2]; s.y = 2;
console.log('same maps:', %HaveSameMap(p, q), %HaveSameMap(r, s), %HaveSameMap([1.5, 2.5], [0.5]), %HaveSameMap([1], [1.5]));
const h1 = [1, 2]; delete h1[1];
const h2 = [1, , 3];
console.log('holey maps:', %HaveSameMap(h1, h2), %HaveSameMap([0.5, , 1.5], [2.5, , 3.5]), %HaveSameMap(h1, [1, 2]));

// Holes and length.
const g = [1, 2, 3];
g.length = 5;
console.log('grown:', kind(g), g, g.length, g[4]);
const sh = [1.5, 2.5, 3.5, 4.5];
sh.length = 2;
console.log('shrunk:', kind(sh), sh, sh[2], sh.length);
sh.length = 0;
console.log('emptied:', kind(sh), sh, sh.length);
const gap = [0.5, 1.5];
gap[5] = 2.5;
console.log('store past the end:', kind(gap), gap, gap.length, Object.keys(gap));
const app = [1, 2];
app[2] = 3;
app[app.length] = 4.25;
console.log('appends stay packed:', kind(app), app);
const popped = [1.5, 2.5, 3.5];
console.log('pop:', popped.pop(), kind(popped), popped);
const empty = [];
empty[0] = 0.5;
console.log('empty then double:', kind(empty), empty);
const big = [1, 2, 3];
big[1e9] = 1;
console.log('a[1e9] = 1:', kind(big), big.length, big[1e9], big[1], Object.keys(big));
big.length = 3;
console.log('then shrunk:', kind(big), big, big.length);
const far = [1, 2, 3];
far[5000] = 4;
console.log('a[5000]:', kind(far), far.length, far[5000]);
const rl = [1.5, 2.5, 3.5];
rl.pop();
Object.defineProperty(rl, 'length', { writable: false });
rl[2] = 4;
rl[5] = 4;
console.log('read-only length:', rl, rl.length, rl[2], (() => { 'use strict'; try { rl[2] = 4; } catch (e) { return e.message; } })());
const ro = [1.5, 2.5];
Object.defineProperty(ro, 0, { value: 9, writable: false });
console.log('read-only element:', kind(ro), ro, Object.getOwnPropertyDescriptor(ro, 0).writable);

// Special doubles keep their identity in a double store.
const special = [0.5, -0, NaN, 1e300, -Infinity, 2 ** 53, 5e-324, 0];
console.log('special:', kind(special), special);
console.log('-0 kept:', Object.is(special[1], -0), 1 / special[1], Object.is(special[7], 0));
console.log('NaN kept:', Number.isNaN(special[2]), special[2] === special[2]);
console.log('huge:', special[3] * 10, special[5] + 1, special[6] / 2);
const z = [1, 2];
z[0] = -0;
console.log('-0 makes double:', kind(z), Object.is(z[0], -0), z);
z[1] = 3.25;
console.log(z.map((v) => v * 2), z.indexOf(0), z.indexOf(-0), z.includes(-0), Object.is(z.at(0), -0));

// Builtins on double arrays.
const d = [3.5, 1.25, 2, 10.5, -1.5];
console.log('sort:', d.slice().sort(), d.slice().sort((a, b) => a - b), kind(d.slice().sort((a, b) => a - b)));
const sorted = [2.5, 1, 3];
sorted.sort((a, b) => a - b);
console.log('sorted in place:', sorted, kind(sorted));
const sp = [1.5, 2.5, 3.5, 4.5];
const removed = sp.splice(1, 2, 9, 10.5, 11);
console.log('splice:', sp, removed, kind(sp), kind(removed));
console.log('splice object in:', sp.splice(0, 1, 'o'), sp, kind(sp));
console.log('concat:', [1.5].concat([2], [3.5, 4]), kind([1.5].concat([2])), kind([1].concat([2])), kind([0.5].concat(['s'])));
console.log('slice:', d.slice(1, 3), kind(d.slice(1, 3)), kind([1.5, , 2.5].slice()), [1.5, , 2.5].slice());
console.log('indexOf:', d.indexOf(2), d.indexOf(10.5), d.indexOf('2'), [NaN].indexOf(NaN), d.lastIndexOf(-1.5));
console.log('includes:', [1.5, NaN].includes(NaN), [1.5, , 2].includes(undefined), [1.5, 2].includes(undefined), d.includes(1.25, 2));
console.log('join:', d.join(), d.join(' | '), [1.5, , -0, NaN].join('/'), [0.1 + 0.2, 1e21, 1e-7].join());
console.log('toString:', String([1.5, 2.5]), `${[0.5]}`);
console.log('JSON:', JSON.stringify([1.5, -0, NaN, Infinity, , 2]), JSON.stringify({ a: [0.25, 0.5] }));
console.log('console.log:', [1.5, -0, NaN, , 1e21], [0.5, , , 1.5], new Array(3).fill(0.5));
console.log('reverse:', [1.5, 2, , 4.5].reverse(), kind([1.5, 2].reverse()));
console.log('shift/unshift:', (() => { const a = [0.5, 1.5, 2.5]; const f = a.shift(); a.unshift(-1.5, 'x'); return [f, a, kind(a)]; })());
console.log('fill:', new Array(4).fill(0.5), kind(new Array(4).fill(0.5)), [1, 2, 3].fill(2.5, 1), kind([1, 2, 3].fill(2.5, 1)));
console.log('map/filter/reduce:', d.map((x) => x * 2), d.filter((x) => x > 2), d.reduce((a, b) => a + b, 0));
console.log('map kinds:', kind([1, 2].map((x) => x * 1.5)), kind([1, 2].map((x) => x)), kind([1.5].map(String)));
console.log('find/every/some:', d.find((x) => x > 3), d.findIndex((x) => x < 0), d.every((x) => x > -2), d.some((x) => x > 10));
console.log('spread/from/of:', [...d], Array.from([1.5, 2]), Array.of(0.5, 1), kind([...d]), kind(Array.of(1.5)));
console.log('copyWithin:', [1.5, 2.5, 3.5, 4.5].copyWithin(0, 2), 'with:', [1.5, 2.5].with(0, 3), [1.5, 2.5].toReversed());
console.log('for-in/of:', Object.keys([0.5, , 1.5]), (() => { let s = 0; for (const v of [0.5, 1.5]) s += v; return s; })());
console.log('entries:', Object.entries([0.5, 1.5]), [...[2.5, 3.5].entries()]);
console.log('descriptor:', Object.getOwnPropertyDescriptor([0.5], 0), Object.getOwnPropertyNames([1.5, 2.5]));

// Holes read through the prototype chain.
Array.prototype[1] = 'p';
const hp = [1.5, , 2.5];
console.log('proto hole:', hp[1], hp.join(), hp.indexOf('p'), hp.includes('p'), kind(hp));
console.log('proto hole builtins:', hp.slice(), hp.map((x) => typeof x), [...hp]);
delete Array.prototype[1];
console.log('proto hole gone:', hp[1], hp.join(), hp.includes(undefined));

// Frozen, sealed and non-extensible double arrays.
const fr = Object.freeze([1.5, 2.5]);
console.log('frozen:', kind(fr), Object.isFrozen(fr), fr, fr[0] + fr[1]);
fr[0] = 9;
console.log('frozen store ignored:', fr[0], (() => { 'use strict'; try { fr[0] = 9; } catch (e) { return e.message; } })());
const se = Object.seal([0.5, , 1.5]);
se[0] = 'changed';
console.log('sealed:', kind(se), Object.isSealed(se), se, delete se[0]);
const ne = Object.preventExtensions([1.5]);
ne[0] = 2;
ne[1] = 3;
console.log('non-extensible:', kind(ne), ne, ne.length);

// Larger double arrays through transitions and GC (the expected values are exact sums).
const many = [];
for (let i = 0; i < 2000; i++) many.push(i % 3 === 0 ? i : i + 0.5);
let sum = 0;
for (let i = 0; i < many.length; i++) sum += many[i];
console.log('2000 doubles:', kind(many), many.length, sum, many[1999], many[1998]);
many.push({});
console.log('then an object:', kind(many), many[1999], typeof many[2000], many.reduce((a, b) => typeof b === 'number' ? a + b : a, 0));
const grid = new Array(1000).fill(0.25);
for (let i = 0; i < grid.length; i += 7) grid[i] = i / 4;
console.log('filled:', kind(grid), grid.length, grid.reduce((a, b) => a + b, 0), grid.indexOf(0.25), grid.lastIndexOf(0.25));
