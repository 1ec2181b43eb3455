// Array.prototype.sort: default string order, comparators, stability, holes/undefined.
console.log([10, 9, 1, 100, 25].sort());
console.log([10, 9, 1, 100, 25].sort((a, b) => a - b));
console.log([10, 9, 1, 100, 25].sort((a, b) => b - a));
console.log(['banana', 'Apple', 'cherry', 'apple'].sort());
console.log([true, false, null, 'null', 'a', 1].sort());
console.log([-1, -10, 2, -2, 0].sort());

const withUndef = [3, undefined, 1, , 2];
withUndef.sort();
console.log(withUndef, withUndef.length, 4 in withUndef);

const arr = [3, 1, 2];
const same = arr.sort();
console.log(same === arr);

const people = [
  { name: 'Ann', group: 2 },
  { name: 'Bob', group: 1 },
  { name: 'Cat', group: 2 },
  { name: 'Dan', group: 1 },
  { name: 'Eve', group: 3 },
  { name: 'Fay', group: 1 },
  { name: 'Gus', group: 2 },
  { name: 'Hal', group: 3 },
  { name: 'Ivy', group: 1 },
  { name: 'Jon', group: 2 },
  { name: 'Kim', group: 3 },
  { name: 'Lou', group: 1 },
];
const stable = people.slice().sort((a, b) => a.group - b.group);
console.log(stable.map((p) => p.group + p.name).join(' '));

const many = [];
for (let i = 0; i < 100; i++) many.push({ key: i % 4, order: i });
many.sort((a, b) => a.key - b.key);
let isStable = true;
for (let i = 1; i < many.length; i++) {
  if (many[i].key === many[i - 1].key && many[i].order < many[i - 1].order) isStable = false;
}
console.log('stable over 100 items:', isStable, many[0].order, many[25].order, many[99].order);

const words = ['delta', 'Alpha', 'charlie', 'Bravo'];
console.log(words.slice().sort((a, b) => a.toLowerCase() < b.toLowerCase() ? -1 : 1));
console.log(words.slice().sort((a, b) => a.length - b.length || (a < b ? -1 : 1)));

const big = [];
let seed = 12345;
for (let i = 0; i < 500; i++) {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  big.push(seed % 1000);
}
big.sort((a, b) => a - b);
let sorted = true;
for (let i = 1; i < big.length; i++) if (big[i - 1] > big[i]) sorted = false;
console.log('500 numbers sorted:', sorted, big[0], big[499]);

console.log([5, 1, 4].toSorted(), [5, 1, 4].toReversed());
const byBool = [3, 1, 2].sort(() => 0);
console.log(byBool);
console.log(['b', 'a', 'c'].sort((a, b) => (a > b) - (a < b)));
console.log(['é', 'e', 'z', 'E'].sort());
