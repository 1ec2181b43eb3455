// Array callbacks: map/filter/forEach/reduce/find/some/every, Array.isArray, Array.from.
const nums = [1, 2, 3, 4, 5];
console.log(nums.map((x) => x * x));
console.log(nums.map((x, i, arr) => `${i}/${arr.length}`));
console.log(nums.filter((x) => x % 2 === 1));
console.log(nums.reduce((acc, x) => acc + x));
console.log(nums.reduce((acc, x) => acc + x, 100));
console.log(nums.reduceRight((acc, x) => acc + x, ''));
console.log(nums.find((x) => x > 2), nums.find((x) => x > 10));
console.log(nums.findIndex((x) => x > 2), nums.findIndex((x) => x > 10));
console.log(nums.some((x) => x > 4), nums.some((x) => x > 5), [].some(() => true));
console.log(nums.every((x) => x > 0), nums.every((x) => x > 1), [].every(() => false));

const visits = [];
nums.forEach(function (x, i) {
  visits.push(this.prefix + x + '@' + i);
}, { prefix: '#' });
console.log(visits.join(' '));
console.log(nums.forEach(() => 1));

try {
  [].reduce((a, b) => a + b);
} catch (e) {
  console.log(e.constructor.name + ': ' + e.message);
}

const holes = [1, , 3];
let calls = 0;
holes.forEach(() => calls++);
console.log('callbacks on holes:', calls, holes.map((x) => x * 2));

console.log(Array.isArray([]), Array.isArray({ length: 0 }), Array.isArray('abc'), Array.isArray(new Array()));

console.log(Array.from('héllo'));
console.log(Array.from('a😀b'));
console.log(Array.from({ length: 3 }));
console.log(Array.from({ length: 4 }, (_, i) => i * 2));
console.log(Array.from({ length: 2, 0: 'x', 1: 'y', 2: 'ignored' }));
console.log(Array.from([1, 2, 3], (x) => x * 10));
console.log(Array.from([1, , 3]));

const people = [
  { name: 'Ann', age: 31 },
  { name: 'Bob', age: 25 },
  { name: 'Cy', age: 42 },
];
const names = people.filter((p) => p.age > 28).map((p) => p.name);
console.log(names);
const byName = people.reduce((acc, p) => ({ ...acc, [p.name]: p.age }), {});
console.log(byName);
const oldest = people.reduce((a, b) => (a.age >= b.age ? a : b));
console.log(oldest.name);

const mutating = [1, 2, 3];
const seen = mutating.map((x, i) => {
  if (i === 0) mutating.push(99);
  return x;
});
console.log(seen, mutating);

console.log([[1, 2], [3]].flatMap((x) => x), ['a b', 'c'].flatMap((s) => s.split(' ')));
console.log(['1', '2', '3'].map(Number), ['1', '2', '3'].map(parseInt));
console.log([3, 1, 2].map(String).join('|'), [0, 1, '', 'x'].filter(Boolean));
