// Destructuring: arrays, objects, nesting, defaults, rest, parameters, swapping.
const [a, b, c] = [1, 2, 3];
console.log(a, b, c);

const [first, , third, fourth = 'default4'] = ['one', 'two', 'three'];
console.log(first, third, fourth);

const [head, ...tail] = [10, 20, 30, 40];
console.log(head, tail);

const { x, y: renamed, z = 'zdef' } = { x: 'X', y: 'Y' };
console.log(x, renamed, z);

const { p, ...others } = { p: 1, q: 2, r: 3 };
console.log(p, others);

const {
  user: {
    name,
    tags: [firstTag, secondTag = 'none'],
  },
} = { user: { name: 'Lin', tags: ['admin'] } };
console.log(name, firstTag, secondTag);

let m = 1;
let n = 2;
[m, n] = [n, m];
console.log(m, n);

const arr = [1, 2, 3];
[arr[2], arr[0]] = [arr[0], arr[2]];
console.log(arr);

function params({ width = 10, height = 5 } = {}, [r, g] = [0, 0]) {
  return `${width}x${height} rgb(${r},${g})`;
}
console.log(params());
console.log(params({ width: 3 }, [255, 128]));

const { length } = 'hello';
console.log(length);
const [ch1, ch2] = 'hi';
console.log(ch1, ch2);

const key = 'dynamic';
const { [key]: dyn } = { dynamic: 'computed key' };
console.log(dyn);

let assigned;
({ assigned = 'from default' } = {});
console.log(assigned);

const { nullable = 'd1', undef = 'd2' } = { nullable: null, undef: undefined };
console.log(nullable, undef);

try {
  const { boom } = null;
} catch (e) {
  console.log(e.constructor.name);
}

const results = [[1, 'a'], [2, 'b']].map(([num, letter]) => letter.repeat(num));
console.log(results);

const { toFixed } = 5;
console.log(typeof toFixed);

const [[deep1, [deep2]], { k: [deep3] }] = [[1, [2]], { k: [3] }];
console.log(deep1 + deep2 + deep3);
