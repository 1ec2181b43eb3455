// Object static methods: create, keys/values/entries, assign, getPrototypeOf, freeze, fromEntries.
const proto = { greet() { return 'hi ' + this.name; } };
const o = Object.create(proto, { name: { value: 'obj', enumerable: true } });
console.log(o.greet(), Object.getPrototypeOf(o) === proto, Object.keys(o));

const data = { b: 2, a: 1, 3: 'three', 1: 'one' };
console.log(Object.keys(data));
console.log(Object.values(data));
console.log(Object.entries(data));
console.log(Object.keys('str'), Object.values('ab'), Object.keys([7, 8]));

const target = { a: 1 };
const result = Object.assign(target, { b: 2 }, null, { a: 'over', c: 3 }, undefined);
console.log(result === target, target);
console.log(Object.assign({}, 'xy'), Object.assign([1, 2, 3], [9]));

const withGetter = { get g() { return 'evaluated'; } };
const assigned = Object.assign({}, withGetter);
console.log(Object.getOwnPropertyDescriptor(assigned, 'g').value);

console.log(Object.getPrototypeOf([]) === Array.prototype, Object.getPrototypeOf(Object.create(null)));
const swapped = Object.setPrototypeOf({ x: 1 }, { inherited: 'yes' });
console.log(swapped.inherited);

const frozen = Object.freeze({ deep: { value: 1 } });
console.log(Object.isFrozen(frozen), Object.isFrozen(frozen.deep), Object.isFrozen({}));
console.log(Object.isFrozen(Object.preventExtensions({})), Object.isFrozen(1));
console.log(Object.freeze(5), Object.isExtensible(frozen));

console.log(Object.fromEntries([['k1', 1], ['k2', [2]]]));
const entries = Object.entries({ x: 1, y: 2 }).map(([k, v]) => [k.toUpperCase(), v * 10]);
console.log(Object.fromEntries(entries));

console.log(Object.getOwnPropertyNames([1, 2]), Object.getOwnPropertyNames({ p: 1 }));
console.log(Object.prototype.hasOwnProperty.call({ own: 1 }, 'own'), Object.hasOwn({ h: 1 }, 'h'));
console.log(Object.is(NaN, NaN), Object.is(0, -0), Object.is({}, {}));

const ts = Object.prototype.toString;
console.log(ts.call([]), ts.call(null), ts.call(undefined), ts.call(1), ts.call('s'));
console.log(ts.call({}), ts.call(() => {}), ts.call(new Error('e')), ts.call(true));

console.log(String({}), ({}).toString(), ({ a: 1 }).valueOf().a);
console.log(typeof Object(1), typeof Object('s'), Object(null), Object(undefined));

const counts = {};
for (const w of 'the cat and the hat and the bat'.split(' ')) counts[w] = (counts[w] || 0) + 1;
console.log(counts);

const sym = Symbol('hidden');
const withSym = { visible: 1, [sym]: 2 };
console.log(Object.keys(withSym), Object.getOwnPropertySymbols(withSym).length);
console.log(JSON.stringify(Object.entries(withSym)));

console.log(Object.keys(Object.getOwnPropertyDescriptors({ a: 1, get b() { return 2; } })));
