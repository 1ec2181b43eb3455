// The interpreter's fast loop against the general path: Number arithmetic and comparisons
// (Smi overflow, -0, NaN, doubles boxed in place), keyed element loads and stores (holes,
// double stores, frozen and sealed arrays, kind transitions), polymorphic and megamorphic
// named stores, and calls that stay in the loop (sloppy/strict receivers, recursion).
function arith(a, b) {
  return [a + b, a - b, a * b, a / b, a % b, a | b, a & b, a ^ b, a << b, a >> b, a >>> b, a < b, a <= b, a > b, a >= b, a === b];
}
const values = [0, -0, 1, -1, 1.5, -2.5, 2147483647, -2147483648, 1073741823, 1073741824, -1073741825, NaN, Infinity, -Infinity, 1e20, 2 ** 53];
const out = [];
for (const a of values) for (const b of values) out.push(arith(a, b).map((v) => (Object.is(v, -0) ? '-0' : String(v))).join(','));
let h = 0;
for (const line of out) for (let i = 0; i < line.length; i++) h = (h * 31 + line.charCodeAt(i)) | 0;
console.log(out.length, h);
console.log(out.slice(0, 3));
let x = 0.5;
x++;
x--;
console.log(x, -0 * 5, 0 * -5, 5 % -0);

const d = [1.5, 2.5, , 4.5];
console.log(d[0], d[2], d[3], d[7], d[-1]);
d[1] = 7;
d[2] = 8;
console.log(d);
const frozen = Object.freeze([1, 2, 3]);
frozen[0] = 9;
console.log(frozen);
const sealed = Object.seal([1, 2, 3]);
sealed[0] = 9;
sealed[5] = 1;
console.log(sealed);
const smis = [1, 2, 3];
smis[1] = 'x';
smis[2] = 2.5;
console.log(smis);
const o = { 0: 'a', 1: 'b' };
console.log(o[0], o[1], o[2]);
const holey = [1, , 3];
console.log(holey[1], 1 in holey);
Array.prototype[1] = 'proto';
console.log(holey[1]);
delete Array.prototype[1];

function setX(o, v) {
  o.x = v;
}
const objs = [{ x: 1 }, { x: 1, y: 2 }, { y: 1, x: 2 }, { z: 0, x: 3 }, { w: 0, x: 4 }, { v: 0, x: 5 }];
for (let r = 0; r < 3; r++) for (const ob of objs) setX(ob, r + 0.5);
console.log(JSON.stringify(objs));
const frozenObj = Object.freeze({ x: 1 });
setX(frozenObj, 5);
console.log(frozenObj.x);

function sloppyThis() {
  return typeof this;
}
function strictThis() {
  'use strict';
  return this;
}
const holder = { sloppyThis, strictThis };
console.log(sloppyThis(), strictThis(), holder.sloppyThis(), sloppyThis.call(5), strictThis.call(5));
String.prototype.kind = function () {
  return typeof this;
};
console.log('abc'.kind());
function deep(n) {
  return n === 0 ? 0 : 1 + deep(n - 1);
}
try {
  deep(1e6);
} catch (e) {
  console.log(e instanceof RangeError, e.message);
}
class C {
  constructor() {
    this.v = 1;
  }
}
try {
  C();
} catch (e) {
  console.log(e.message);
}
let g = 0;
function bump() {
  g += 0.5;
}
for (let i = 0; i < 5; i++) bump();
console.log(g);
console.log(!0, !1, !'', !'a', !null, !{}, !NaN, !0.0, !-0);
const mods = [];
for (const a of [7, -7, -0, 0, 2147483647 * 16807, -(2 ** 62), 2 ** 63, 1e300, 5.5]) for (const b of [3, -3, 1, -1, 0, 2147483647, 2.5, Infinity]) mods.push(Object.is(a % b, -0) ? '-0' : a % b);
console.log(mods.join(' '));
function Point(x, y) {
  this.x = x;
  this.y = y;
}
function ReturnsObject() {
  this.a = 1;
  return { b: 2 };
}
function ReturnsPrimitive() {
  this.a = 1;
  return 5;
}
class Base {
  constructor(v) {
    this.v = v;
  }
}
class Derived extends Base {
  constructor(v) {
    super(v * 2);
    this.w = v;
  }
}
class WithField {
  f = 7;
  constructor() {
    this.g = this.f + 1;
  }
}
const built = [];
for (let i = 0; i < 20; i++) built.push(new Point(i, i + 0.5), new ReturnsObject(), new ReturnsPrimitive(), new Derived(i), new WithField());
console.log(JSON.stringify(built.slice(-5)), built.length, built[0] instanceof Point, Object.keys(built[95]));
let thrown = 0;
function Throws(n) {
  if (n > 3) throw new Error('too big ' + n);
  this.n = n;
}
for (let i = 0; i < 6; i++) {
  try {
    new Throws(i);
  } catch (e) {
    thrown++;
  }
}
console.log(thrown);

// charCodeAt answered by the fast loop: one- and two-byte, cons strings before and after
// flattening, positions outside the string or not integers, wrapper receivers, a replaced method.
var one = 'hello', two = 'h\u00e9llo \u4e16\u754c';
var cons = one + ' world, ' + two + ' and then some more text';
var codes = [];
for (var ci = 0; ci < cons.length; ci += 3) codes.push(cons.charCodeAt(ci));
console.log(codes.join(','), two.charCodeAt(6), two.charCodeAt(7));
console.log(one.charCodeAt(5), one.charCodeAt(-1), one.charCodeAt(1.9), one.charCodeAt(), one.charCodeAt('2'));
console.log(new String('abc').charCodeAt(1), String.prototype.charCodeAt.call(12345, 2));
var savedCharCodeAt = String.prototype.charCodeAt;
String.prototype.charCodeAt = function (i) { return 'replaced ' + i; };
console.log(one.charCodeAt(0));
String.prototype.charCodeAt = savedCharCodeAt;
console.log(one.charCodeAt(0));

// push of one value answered by the fast loop: within capacity, growth, kind changes,
// frozen arrays and read-only lengths, subclasses, array-likes.
var pushed = [1, 2];
var lengths = [];
for (var pi = 0; pi < 40; pi++) lengths.push(pushed.push(pi));
console.log(pushed.length, lengths[0], lengths[39], pushed.slice(-3));
var kinds = [1];
kinds.push(2.5); kinds.push('three'); kinds.push({ four: 4 });
var doubles = [0.5];
doubles.push(1); doubles.push(NaN); doubles.push(-0);
console.log(kinds, doubles, Object.is(doubles[3], -0));
var frozenArray = Object.freeze([1]);
try { frozenArray.push(2); } catch (e) { console.log(e.constructor.name, frozenArray.length); }
var fixedLength = [1, 2];
Object.defineProperty(fixedLength, 'length', { writable: false });
try { fixedLength.push(3); } catch (e) { console.log(e.constructor.name, fixedLength.length); }
class Stack extends Array {}
var st = new Stack();
st.push('a');
console.log(st.length, st instanceof Stack);
var arrayLike = { length: 1, push: Array.prototype.push };
arrayLike.push('x');
console.log(arrayLike.length, arrayLike[1]);
var beforeSetter = [];
Object.defineProperty(Array.prototype, '3', { set(v) { console.log('prototype setter', v); }, configurable: true });
beforeSetter.push(0); beforeSetter.push(1); beforeSetter.push(2); beforeSetter.push(3);
console.log(beforeSetter.length, Object.keys(beforeSetter));
delete Array.prototype[3];
