// Object.defineProperty in sloppy mode: non-writable/non-configurable writes fail silently.
const obj = {};
Object.defineProperty(obj, 'fixed', { value: 1 });
obj.fixed = 2;
console.log(obj.fixed);
console.log(Object.getOwnPropertyDescriptor(obj, 'fixed'));
console.log(delete obj.fixed, obj.fixed);
console.log(Object.keys(obj), JSON.stringify(obj));

const desc = Object.getOwnPropertyDescriptor({ plain: 'v' }, 'plain');
console.log(desc);

Object.defineProperty(obj, 'writable', { value: 'w', writable: true, enumerable: true });
obj.writable = 'changed';
console.log(obj.writable, Object.keys(obj));

try {
  Object.defineProperty(obj, 'fixed', { value: 3 });
} catch (e) {
  console.log(e.constructor.name + ': ' + e.message);
}

Object.defineProperty(obj, 'fixed', { value: 1 });
console.log('redefining with same value is allowed', obj.fixed);

let backing = 10;
Object.defineProperty(obj, 'accessor', {
  get() { return backing * 2; },
  set(v) { backing = v; },
  enumerable: false,
  configurable: true,
});
obj.accessor = 21;
console.log(obj.accessor, backing);
const accDesc = Object.getOwnPropertyDescriptor(obj, 'accessor');
console.log(typeof accDesc.get, typeof accDesc.set, accDesc.enumerable, accDesc.configurable);

const getterOnly = {};
Object.defineProperty(getterOnly, 'g', { get: () => 'only getter' });
getterOnly.g = 'ignored';
console.log(getterOnly.g);

const arr = [1, 2, 3];
Object.defineProperty(arr, 'length', { writable: false });
arr[5] = 'ignored';
console.log(arr.length, arr[5]);

const frozen = Object.freeze({ a: 1, nested: { b: 2 } });
frozen.a = 100;
frozen.newProp = 'x';
delete frozen.a;
frozen.nested.b = 3;
console.log(frozen.a, frozen.newProp, frozen.nested.b, Object.isFrozen(frozen));

const sealed = Object.seal({ s: 1 });
sealed.s = 2;
sealed.t = 3;
delete sealed.s;
console.log(sealed, Object.isSealed(sealed));

const noExt = Object.preventExtensions({ p: 1 });
noExt.q = 2;
console.log(noExt, Object.isExtensible(noExt));

Object.defineProperties(obj, { m1: { value: 'one', enumerable: true }, m2: { value: 'two' } });
console.log(obj.m1, obj.m2, Object.keys(obj));

try {
  Object.defineProperty(obj, 'bad', { value: 1, get() {} });
} catch (e) {
  console.log('value plus getter:', e.constructor.name);
}
