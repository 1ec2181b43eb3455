// for-of over arrays, strings (including astral characters), and array-likes via Array.from.
const fruits = ['apple', 'banana', 'cherry'];
for (const f of fruits) console.log(f);

let total = 0;
for (const n of [1, 2, 3, 4]) total += n;
console.log('total', total);

const chars = [];
for (const ch of 'héllo') chars.push(ch);
console.log(chars);

const astral = 'a😀b𝒳';
console.log(astral.length);
const codePoints = [];
for (const ch of astral) codePoints.push(ch.codePointAt(0).toString(16));
console.log(codePoints.join(' '));
console.log([...astral].length);

const holes = [1, , 3];
const seen = [];
for (const v of holes) seen.push(v);
console.log(seen);

for (const [i, v] of ['x', 'y'].entries()) console.log(i, v);
for (const k of ['p', 'q'].keys()) console.log('key', k);
for (const v of ['p', 'q'].values()) console.log('value', v);

const growing = [1, 2];
const visited = [];
for (const v of growing) {
  visited.push(v);
  if (growing.length < 5) growing.push(v * 10);
}
console.log(visited);

outer: for (const a of [1, 2, 3]) {
  for (const b of [1, 2, 3]) {
    if (b === 2) continue outer;
    if (a === 3) break outer;
    console.log('pair', a, b);
  }
}

try {
  for (const x of { a: 1 }) console.log(x);
} catch (e) {
  console.log('plain object is not iterable:', e.constructor.name);
}

const objs = [{ n: 1 }, { n: 2 }];
for (const { n } of objs) console.log('n =', n);

let str = '';
for (let c of 'abc') {
  c = c.toUpperCase();
  str += c;
}
console.log(str);
