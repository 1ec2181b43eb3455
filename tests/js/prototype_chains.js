// Loads, stores and `in` through prototype chains that change under warm inline caches:
// shadowing and unshadowing on intermediate prototypes, changes further up, swapped
// prototypes of prototypes, getters and setters appearing, absent properties appearing,
// primitives' prototypes, many chains sharing a base, and chains unrelated to the change.

function show(label, value) {
  console.log(label + ':', value);
}

// The same site, warmed up, then asked again after each change.
function getX(o) { return o.x; }
function getY(o) { return o.y; }
function hasX(o) { return 'x' in o; }
function warm(f, o) { let r; for (let i = 0; i < 5; i++) r = f(o); return r; }

// --- shadowing on an intermediate prototype -------------------------------------------------
{
  const top = { x: 'top' };
  const mid = Object.create(top);
  const low = Object.create(mid);
  const leaf = Object.create(low);
  show('leaf.x from top', warm(getX, leaf));
  mid.x = 'mid';
  show('shadowed on mid', warm(getX, leaf));
  low.x = 'low';
  show('shadowed on low', warm(getX, leaf));
  delete low.x;
  show('low unshadowed', warm(getX, leaf));
  delete mid.x;
  show('mid unshadowed', warm(getX, leaf));
  top.x = 'top again';
  show('top value changed', warm(getX, leaf));
  delete top.x;
  show('gone everywhere', warm(getX, leaf));
  show('in after delete', warm(hasX, leaf));
  mid.x = 'back on mid';
  show('in after add', warm(hasX, leaf));
  show('value after add', warm(getX, leaf));
}

// --- dictionary-mode prototypes -------------------------------------------------------------
{
  const base = { a: 1, b: 2, c: 3, x: 'base' };
  delete base.a; // a middle property: dictionary mode
  const proto = Object.create(base);
  proto.p = 1;
  delete proto.p;
  proto.q = 2;
  delete proto.q; // keep proto in dictionary mode too
  const o = Object.create(proto);
  show('dict chain', warm(getX, o));
  proto.x = 'proto (dict)';
  show('dict shadow', warm(getX, o));
  delete proto.x;
  show('dict unshadow', warm(getX, o));
  base.x = 'base changed';
  show('dict base value', warm(getX, o));
  delete base.x;
  show('dict base deleted', warm(getX, o));
  Object.defineProperty(base, 'x', { get() { return 'getter on dict base'; }, configurable: true });
  show('dict base getter', warm(getX, o));
  Object.defineProperty(base, 'x', { value: 'data again', configurable: true, writable: true });
  show('dict base data again', warm(getX, o));
}

// --- changing a grand-prototype --------------------------------------------------------------
{
  class Animal { speak() { return 'generic'; } }
  class Dog extends Animal {}
  class Puppy extends Dog {}
  const p = new Puppy();
  const speak = (o) => o.speak();
  show('inherited method', warm(speak, p));
  Animal.prototype.speak = function () { return 'animal v2'; };
  show('grand-prototype replaced method', warm(speak, p));
  Dog.prototype.speak = function () { return 'dog'; };
  show('prototype shadows', warm(speak, p));
  Animal.prototype.speak = function () { return 'animal v3'; };
  show('grand change under shadow', warm(speak, p));
  delete Dog.prototype.speak;
  show('shadow removed', warm(speak, p));
  Animal.prototype.legs = 4;
  show('new grand property', warm((o) => o.legs, p));
}

// --- swapping the prototype of a prototype --------------------------------------------------
{
  const first = { x: 'first', y: 'first y' };
  const second = { x: 'second' };
  const mid = Object.create(first);
  const o = Object.create(mid);
  show('before swap', warm(getX, o) + ' / ' + warm(getY, o));
  Object.setPrototypeOf(mid, second);
  show('after swap', warm(getX, o) + ' / ' + warm(getY, o));
  Object.setPrototypeOf(mid, null);
  show('after null', warm(getX, o) + ' / ' + warm(getY, o));
  Object.setPrototypeOf(mid, first);
  show('after restore', warm(getX, o) + ' / ' + warm(getY, o));
  Object.setPrototypeOf(o, second);
  show('receiver swapped', warm(getX, o) + ' / ' + warm(getY, o));
  first.x = 'first changed';
  show('old chain changed', warm(getX, o));
  second.x = 'second changed';
  show('new chain changed', warm(getX, o));
}

// --- getters and setters on prototypes ------------------------------------------------------
{
  let calls = 0;
  const proto = {
    get x() { calls++; return 'getter ' + calls; },
  };
  const o = Object.create(proto);
  show('getter', warm(getX, o));
  Object.defineProperty(proto, 'x', { get() { return 'new getter'; }, configurable: true });
  show('getter replaced', warm(getX, o));
  Object.defineProperty(proto, 'x', { value: 'plain data', configurable: true, writable: true });
  show('getter to data', warm(getX, o));
  o.x = 'own';
  show('own shadows data', warm(getX, o));
}

// --- stores that add a property, then a setter or read-only property appears up the chain --
{
  const proto = {};
  const mid = Object.create(proto);
  function make() { return Object.create(mid); }
  function setZ(o, v) { o.z = v; return o; }
  for (let i = 0; i < 5; i++) setZ(make(), i);
  show('plain add', Object.keys(setZ(make(), 1)).join(','));
  const seen = [];
  Object.defineProperty(proto, 'z', { set(v) { seen.push(v); }, configurable: true });
  const a = setZ(make(), 'via setter');
  show('setter intercepts', Object.keys(a).length + ' own, seen ' + seen.join(','));
  delete proto.z;
  show('setter removed', Object.keys(setZ(make(), 2)).join(','));
  Object.defineProperty(mid, 'z', { value: 'frozen', writable: false, configurable: true });
  const b = setZ(make(), 3);
  show('read-only intercepts (sloppy)', Object.keys(b).length + ' own, z = ' + b.z);
  const strictSet = (function () { 'use strict'; return function (o, v) { o.z = v; }; })();
  try { strictSet(make(), 4); show('strict', 'no error'); } catch (e) { show('strict', e.constructor.name); }
  delete mid.z;
  try { strictSet(make(), 5); show('strict after delete', 'no error'); } catch (e) { show('strict after delete', e.constructor.name); }
}

// --- the same with a dictionary-mode prototype reconfigured in place ------------------------
{
  const proto = { a: 1, z: 0, b: 2 };
  delete proto.a; // a middle property: dictionary mode
  const mid = Object.create(proto);
  function make() { return Object.create(mid); }
  function setZ(o, v) { o.z = v; return o; }
  for (let i = 0; i < 5; i++) setZ(make(), i);
  Object.defineProperty(proto, 'z', { value: 'read-only', writable: false, configurable: true });
  const b = setZ(make(), 1);
  show('dict read-only intercepts', Object.keys(b).length + ' own, z = ' + b.z);
  const seen = [];
  Object.defineProperty(proto, 'z', { set(v) { seen.push(v); }, configurable: true });
  const c = setZ(make(), 2);
  show('dict setter intercepts', Object.keys(c).length + ' own, seen ' + seen.join(','));
  Object.defineProperty(proto, 'z', { value: 0, writable: true, configurable: true });
  show('dict writable again', Object.keys(setZ(make(), 3)).join(','));
}

// --- absent properties ----------------------------------------------------------------------
{
  const o = { own: 1 };
  const missing = (x) => x.notThereYet;
  show('absent', warm(missing, o));
  Object.prototype.notThereYet = 'on Object.prototype';
  show('appears on Object.prototype', warm(missing, o));
  show('in sees it', 'notThereYet' in o);
  delete Object.prototype.notThereYet;
  show('gone again', warm(missing, o));
  const bare = Object.create(null);
  show('null-prototype absent', warm(missing, bare));
  bare.notThereYet = 'own on bare';
  show('null-prototype own', warm(missing, bare));
  const lit = { __proto__: null, a: 1 };
  show('literal null prototype', warm(missing, lit) + ' ' + warm((x) => x.a, lit));
}

// --- primitives -----------------------------------------------------------------------------
{
  const shout = (s) => s.shout;
  show('string absent', warm(shout, 'hi'));
  String.prototype.shout = 'from String.prototype';
  show('string present', warm(shout, 'hi'));
  Object.prototype.shout = 'from Object.prototype';
  show('string shadows Object.prototype', warm(shout, 'hi'));
  delete String.prototype.shout;
  show('string falls through', warm(shout, 'hi'));
  show('number sees Object.prototype too', warm(shout, 42));
  Number.prototype.shout = 'from Number.prototype';
  show('number', warm(shout, 4.5) + ' / ' + warm(shout, 7));
  delete Number.prototype.shout;
  delete Object.prototype.shout;
  show('all gone', warm(shout, 'hi') + ' ' + warm(shout, 1) + ' ' + warm(shout, true));
}

// --- unrelated chains keep working ----------------------------------------------------------
{
  class Left { who() { return 'left'; } }
  class Right { who() { return 'right'; } }
  const l = new Left();
  const r = new Right();
  const who = (o) => o.who();
  let out = [];
  for (let i = 0; i < 4; i++) {
    out.push(who(l), who(r));
    Right.prototype['extra' + i] = i; // only Right's chain changes
  }
  show('unrelated', out.join(','));
  Left.prototype.who = function () { return 'left v2'; };
  show('each its own', who(l) + ',' + who(r));
}

// --- one site, many shapes (polymorphic, then megamorphic) ----------------------------------
{
  const base = { x: 'base' };
  const objs = [];
  for (let i = 0; i < 8; i++) {
    const p = Object.create(base);
    p['tag' + i] = i;
    const o = Object.create(p);
    o['own' + i] = i;
    objs.push({ o, p });
  }
  const all = () => objs.map(({ o }) => getX(o)).join(',');
  for (let i = 0; i < 3; i++) all();
  show('megamorphic', all());
  objs[3].p.x = 'p3';
  objs[6].p.x = 'p6';
  show('two shadows', all());
  base.x = 'base v2';
  show('base changed', all());
  delete objs[3].p.x;
  show('one unshadowed', all());
}

// --- many chains sharing a base, long chains, and collected prototypes ----------------------
{
  class Base { kind() { return 'base'; } }
  const classes = [];
  for (let i = 0; i < 40; i++) classes.push(class extends Base {});
  const instances = classes.map((C) => new C());
  const kind = (o) => o.kind();
  const kinds = () => instances.map(kind).join('').length;
  kinds();
  show('forty subclasses', kinds());
  for (let round = 0; round < 3; round++) {
    // Prototypes that die: their maps drop out of Base.prototype's users.
    for (let i = 0; i < 30; i++) {
      const C = class extends Base {};
      kind(new C());
    }
    gc();
  }
  Base.prototype.kind = function () { return 'B'; };
  show('base replaced for all', kinds());
  classes[7].prototype.kind = function () { return 'seven'; };
  show('one subclass', instances[7].kind() + ' ' + instances[8].kind());

  let chain = { depth: 0, top: 'top' };
  for (let i = 1; i <= 12; i++) {
    chain = Object.create(chain);
    chain.depth = i;
  }
  const top = (o) => o.top;
  show('deep', warm(top, chain) + ' ' + chain.depth);
  let p = chain;
  for (let i = 0; i < 6; i++) p = Object.getPrototypeOf(p);
  p.top = 'shadowed at depth ' + p.depth;
  show('deep shadow', warm(top, chain));
  delete p.top;
  let root = chain;
  while (Object.getPrototypeOf(root) !== Object.prototype) root = Object.getPrototypeOf(root);
  root.top = 'root changed';
  show('deep root', warm(top, chain));
}
