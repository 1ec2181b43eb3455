// Array literals: holes, trailing commas, length, spread, nested arrays.
const a = [1, 2, 3,];
console.log(a.length, a);

const holes = [, 1, , 2, ,];
console.log(holes.length);
console.log(0 in holes, 1 in holes, 2 in holes);
console.log(holes[0], holes[2]);

const onlyHoles = [, , ,];
console.log(onlyHoles.length);

const mixed = [1, 'two', null, undefined, true, { three: 3 }, [4]];
console.log(mixed.length, typeof mixed[5], Array.isArray(mixed[6]));

const nested = [[1, 2], [3, [4, 5]]];
console.log(nested[1][1][0], nested.length);

const grown = [];
grown[5] = 'five';
console.log(grown.length, grown[0], 4 in grown);

const shrunk = [1, 2, 3, 4, 5];
shrunk.length = 2;
console.log(shrunk, shrunk[3]);

const extended = [1];
extended.length = 3;
console.log(extended.length, 2 in extended);

const spread = [0, ...[1, 2], ...'ab', ...[], 3];
console.log(spread);

const copy = [...a];
copy.push(4);
console.log(a.length, copy.length);

const fromHoles = [...[, 'x']];
console.log(fromHoles, 0 in fromHoles);

const withProps = [1, 2];
withProps.name = 'labelled';
console.log(withProps.length, withProps.name);

const strIndex = ['a', 'b', 'c'];
console.log(strIndex['1'], strIndex[1.0], strIndex['01']);

const big = [];
big[100] = 1;
console.log(big.length, big.filter(() => true).length);

const arrLen = new Array(3);
console.log(arrLen.length, 0 in arrLen);
const arrItems = new Array(3, 4);
console.log(arrItems);
console.log(Array.of(7), Array(2).length);

const matrix = [];
for (let i = 0; i < 3; i++) {
  matrix.push([]);
  for (let j = 0; j < 3; j++) matrix[i].push(i * 3 + j);
}
console.log(matrix[2][2], matrix.map((row) => row.join('')).join('|'));
