// Array mutators and accessors: push/pop/shift/unshift/slice/splice/concat/indexOf/includes/join/reverse.
const a = [1, 2, 3];
console.log(a.push(4, 5), a);
console.log(a.pop(), a);
console.log(a.shift(), a);
console.log(a.unshift(-1, 0), a);
console.log([].pop(), [].shift(), [].push());

const s = [0, 1, 2, 3, 4, 5];
console.log(s.slice(2), s.slice(1, 3), s.slice(-2), s.slice(-4, -1), s.slice(4, 2), s.slice());

const sp = [0, 1, 2, 3, 4, 5];
console.log(sp.splice(1, 2), sp);
console.log(sp.splice(1, 0, 'a', 'b'), sp);
console.log(sp.splice(-2), sp);
console.log(sp.splice(1, 1, 'X'), sp);
console.log(sp.splice(0), sp);

console.log([1].concat(2, [3, 4], [[5]], 'six'));
const orig = [1, 2];
const cat = orig.concat();
cat.push(3);
console.log(orig, cat);

const idx = [1, 2, NaN, 2, 'x', -0];
console.log(idx.indexOf(2), idx.lastIndexOf(2), idx.indexOf(NaN), idx.indexOf('2'), idx.indexOf(2, 2));
console.log(idx.includes(NaN), idx.includes(0), idx.includes('x'), idx.includes(9));

console.log([1, 2, 3].join(), [1, 2, 3].join(''), [1, 2, 3].join(' - '), [].join(), [null, undefined, 0].join());
console.log([[1, 2], [3]].join(';'), ['a'].join('x'));

const r = [1, 2, 3, 4];
console.log(r.reverse(), r);
console.log([1, , 3].reverse().length);

console.log([1, 2, 3, 4, 5].fill(0, 1, 3), new Array(3).fill('z'));
console.log([1, [2, [3, [4]]]].flat(), [1, [2, [3, [4]]]].flat(Infinity));
console.log([1, 2, 3].at(-1), [1, 2, 3].at(5), [10, 20].at(0));
console.log([1, 2, 3, 4].findLast((x) => x % 2), [1, 2, 3, 4].findLastIndex((x) => x > 5));
console.log([1, 2, 3, 4, 5].copyWithin(0, 3));

const stack = [];
for (let i = 0; i < 5; i++) stack.push(i * i);
const popped = [];
while (stack.length) popped.push(stack.pop());
console.log(popped);

const queue = ['a', 'b', 'c'];
queue.push(queue.shift());
console.log(queue);

const big = [];
for (let i = 0; i < 10000; i++) big.push(i);
console.log(big.length, big[9999], big.indexOf(5000), big.slice(-3));
big.length = 0;
console.log(big.length, big[0]);
