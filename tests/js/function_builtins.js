// Function.prototype.call/apply/bind, bound constructors, name and length.
function describe(greeting, punct) {
  return `${greeting}, ${this.name}${punct}`;
}
const ada = { name: 'Ada' };
console.log(describe.call(ada, 'Hello', '!'));
console.log(describe.apply(ada, ['Hi', '?']));
console.log(describe.apply(ada, { length: 2, 0: 'Array-like', 1: '.' }));

const boundAda = describe.bind(ada);
console.log(boundAda('Hey', '~'));
const boundBoth = describe.bind(ada, 'Bound');
console.log(boundBoth('...'));
console.log(boundAda.call({ name: 'Other' }, 'Ignored this', '#'));

console.log(describe.name, describe.length);
console.log(boundAda.name, boundAda.length);
console.log(boundBoth.name, boundBoth.length);
console.log(describe.bind(null, 1, 2, 3).length);
console.log(boundBoth.bind(null).name);

function Point(x, y) {
  this.x = x;
  this.y = y;
}
Point.prototype.sum = function () {
  return this.x + this.y;
};
const BoundPoint = Point.bind({ ignored: true }, 10);
const bp = new BoundPoint(5);
console.log(bp.x, bp.y, bp.sum(), bp instanceof Point, bp instanceof BoundPoint);
console.log('prototype' in BoundPoint, BoundPoint.name);

class Klass {
  constructor(a, b) { this.a = a; this.b = b; }
}
const BoundKlass = Klass.bind(null, 'first');
const k = new BoundKlass('second');
console.log(k.a, k.b, k instanceof Klass);

console.log(Math.max.apply(null, [3, 8, 1]), Math.min.call(null, 3, 8, 1));
console.log(Array.prototype.join.call({ length: 3, 0: 'a', 2: 'c' }, '-'));
console.log(Array.prototype.map.call('abc', (c) => c.toUpperCase()));

function sloppyThis() {
  return typeof this;
}
console.log(sloppyThis.call(5), sloppyThis.call('s'), sloppyThis.call(null) === 'object');
function strictThis() {
  'use strict';
  return this;
}
console.log(strictThis.call(5), strictThis.call(null), strictThis.apply(undefined));

const arrow = () => typeof this;
console.log(arrow.call({}), arrow.bind({})());

function variadic(...args) {
  return args.length;
}
console.log(variadic.apply(null), variadic.apply(null, []), variadic.call(null, undefined));
console.log(typeof Function.prototype, Function.prototype(), Function.prototype.name === '');
console.log(describe.toString().slice(0, 29));
console.log((function () {}).constructor === Function, (() => {}) instanceof Function);
