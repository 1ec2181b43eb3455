'use strict';
// Object.defineProperty in strict mode: the same failed writes throw TypeError.
function attempt(label, fn) {
  try {
    fn();
    console.log(label, 'ok');
  } catch (e) {
    console.log(label, e.constructor.name + ': ' + e.message);
  }
}

const obj = {};
Object.defineProperty(obj, 'fixed', { value: 1, enumerable: true });
attempt('write non-writable', () => { obj.fixed = 2; });
attempt('delete non-configurable', () => { delete obj.fixed; });
console.log(obj.fixed);

const getterOnly = {};
Object.defineProperty(getterOnly, 'g', { get() { return 'g'; } });
attempt('set getter-only', () => { getterOnly.g = 1; });

const frozen = Object.freeze({ a: 1 });
attempt('write frozen', () => { frozen.a = 2; });
attempt('add to frozen', () => { frozen.b = 2; });
attempt('delete from frozen', () => { delete frozen.a; });

const sealed = Object.seal({ s: 1 });
attempt('write sealed', () => { sealed.s = 2; });
attempt('add to sealed', () => { sealed.t = 2; });
console.log(sealed.s);

const noExt = Object.preventExtensions({});
attempt('add to non-extensible', () => { noExt.x = 1; });

const arr = Object.freeze([1, 2]);
attempt('push to frozen array', () => { arr.push(3); });
attempt('index write frozen array', () => { arr[0] = 9; });

attempt('undeclared assignment', () => { undeclaredStrictVar = 1; });

attempt('write to primitive', () => { 'str'.prop = 1; });
attempt('write string index', () => { const s = 'abc'; s[0] = 'z'; });

const proto = Object.defineProperty({}, 'inherited', { value: 'p', writable: false });
const child = Object.create(proto);
attempt('write inherited non-writable', () => { child.inherited = 'c'; });

function thisIsUndefined() {
  return this;
}
console.log(thisIsUndefined());

attempt('writable ok', () => {
  const o = {};
  Object.defineProperty(o, 'w', { value: 1, writable: true });
  o.w = 2;
  if (o.w !== 2) throw new Error('not written');
});
attempt('delete configurable ok', () => { const o = { d: 1 }; delete o.d; });
