// for-in enumeration order: integer keys ascending, then strings in insertion order.
const obj = { b: 1, a: 2, 10: 'ten', 2: 'two', z: 3, '-1': 'neg', 1.5: 'frac' };
obj[1] = 'one';
obj.c = 4;
const keys = [];
for (const k in obj) keys.push(k);
console.log(keys.join(' '));
console.log(Object.keys(obj).join(' '));

const arr = ['x', 'y', 'z'];
arr.extra = 'e';
const arrKeys = [];
for (const i in arr) arrKeys.push(i + ':' + typeof i);
console.log(arrKeys.join(' '));

const proto = { inherited: 1, shared: 'proto' };
const child = Object.create(proto);
child.own = 2;
child.shared = 'child';
const seen = [];
for (const k in child) seen.push(k);
console.log(seen.join(' '));

const hidden = {};
Object.defineProperty(hidden, 'secret', { value: 1, enumerable: false });
hidden.visible = 2;
const hiddenKeys = [];
for (const k in hidden) hiddenKeys.push(k);
console.log(hiddenKeys);

const deleting = { a: 1, b: 2, c: 3 };
const visited = [];
for (const k in deleting) {
  visited.push(k);
  if (k === 'a') delete deleting.b;
}
console.log(visited);

let count = 0;
for (const k in null) count++;
for (const k in undefined) count++;
console.log('null/undefined iterations:', count);

const strKeys = [];
for (const k in 'hey') strKeys.push(k);
console.log(strKeys);

const big = { a: 1, 4294967295: 'not index', 4294967294: 'max index', 7: 7, '08': 'str', 8: 8 };
console.log(Object.keys(big));

let last;
for (last in { p: 1, q: 2 });
console.log(last);
