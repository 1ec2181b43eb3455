// Hidden classes and inline caches: shapes shared by construction order, dictionary mode,
// property keys of every kind, and ICs staying correct when prototypes change under them.
function P(x, y) { this.x = x; this.y = y; }
const ps = [];
for (let i = 0; i < 20; i++) ps.push(new P(i, i * 2));
console.log('same constructor, same map:', %HaveSameMap(ps[0], ps[19]), %HasFastProperties(ps[0]));

const a = { x: 1, y: 2 }, b = { x: 3, y: 4 }, c = { y: 5, x: 6 };
console.log('literal order:', %HaveSameMap(a, b), %HaveSameMap(a, c));
const d = {}; d.x = 1; d.y = 2;
const e = {}; e.y = 1; e.x = 2;
console.log('added order:', %HaveSameMap(d, e), Object.keys(d), Object.keys(e));

// Deleting the last property rolls back; deleting another goes to dictionary mode.
const f = { p: 1, q: 2, r: 3 };
delete f.r;
console.log('delete last:', %HasFastProperties(f), f);
delete f.p;
console.log('delete middle:', %HasFastProperties(f), f, Object.keys(f));
f.s = 4; f.p = 5;
console.log('dictionary keeps order:', JSON.stringify(f));

// Many properties through computed keys: dictionary mode, all still there (tests/cli.rs
// does 100,000; this program also runs under GC stress, where that is too slow).
const many = {};
for (let i = 0; i < 3000; i++) many['k' + i] = i;
let sum = 0;
for (let i = 0; i < 3000; i += 100) sum += many['k' + i];
console.log('3000 properties:', %HasFastProperties(many), Object.keys(many).length, sum, many.k2999);

// Keys of every kind.
const keys = {};
keys['__proto__'] = 'not the prototype';
keys['-0'] = 'minus zero';
keys['01'] = 'not an index';
keys[1] = 'index';
keys['4294967295'] = 'not an index either';
const long = 'n'.repeat(5000);
keys[long] = 'long';
const sym = Symbol('s');
keys[sym] = 'symbol';
console.log(Object.keys(keys).map((k) => k.length > 20 ? k.length : k));
console.log(keys['__proto__'], keys[-0], keys['-0'], keys[1], keys['1'], keys[long].length, keys[sym]);
console.log(Object.getPrototypeOf(keys) === Object.prototype, Object.getOwnPropertySymbols(keys).length);
const literal = { __proto__: null, '-0': 1 };
console.log(Object.getPrototypeOf(literal), Object.keys(literal));

// A load IC through the prototype chain sees a property added later on the way.
function Base() {}
Base.prototype.kind = 'base';
function Derived() {}
Derived.prototype = Object.create(Base.prototype);
const objs = [new Derived(), new Derived()];
function kindOf(o) { return o.kind; }
const seen = [];
for (let i = 0; i < 6; i++) {
  if (i === 3) Derived.prototype.kind = 'derived';
  if (i === 5) delete Derived.prototype.kind;
  seen.push(kindOf(objs[i % 2]));
}
console.log(seen.join(' '));

// A transitioning store IC must not skip a setter installed on the prototype later.
function Point() {}
const made = [];
function setX(o, v) { o.x = v; return o; }
for (let i = 0; i < 3; i++) made.push(setX(new Point(), i));
Object.defineProperty(Point.prototype, 'x', { set(v) { this.viaSetter = v; }, configurable: true });
const q = setX(new Point(), 42);
console.log(Object.keys(q), q.viaSetter, made.map((m) => m.x));
Object.defineProperty(Point.prototype, 'y', { value: 1, writable: false });
function setY(o) { o.y = 7; return o.y; }
console.log(setY(new Point()), setY({}));

// Polymorphic and megamorphic sites return the right field for every shape.
function getV(o) { return o.v; }
const shapes = [];
for (let i = 0; i < 10; i++) {
  const o = {};
  for (let j = 0; j < i; j++) o['f' + j] = j;
  o.v = i;
  shapes.push(o);
}
let total = 0;
for (let round = 0; round < 50; round++) for (const o of shapes) total += getV(o);
console.log('megamorphic total:', total);
function setV(o, v) { o.v = v; }
for (const o of shapes) setV(o, -1);
console.log(shapes.map(getV).join(','));

// Representation changes: a Smi field then a double, then an object.
const r = { n: 1 };
const r2 = { n: 2 };
r2.n = 2.5;
r2.n = 'text';
r.n = { deep: true };
console.log(r, r2, %HaveSameMap(r, r2));

// Freezing and preventing extensions change the map; old ICs must not write through.
function setZ(o) { 'use strict'; o.z = 1; }
const plain = { z: 0 };
setZ(plain); setZ(plain);
Object.freeze(plain);
try { setZ(plain); } catch (err) { console.log(err.constructor.name, err.message); }
const sealed = Object.preventExtensions({ w: 1 });
function addW2(o) { 'use strict'; o.w2 = 1; }
try { addW2(sealed); } catch (err) { console.log(err.constructor.name, err.message); }
console.log(plain, sealed);

// Sparse arrays: huge indices store only what is stored.
const sparse = [];
sparse[1e9] = 1;
sparse[5] = 'five';
console.log(sparse.length, Object.keys(sparse), sparse[1e9], %HasDictionaryElements(sparse));
