// Labelled statements: break/continue to outer loops, labelled blocks.
const found = [];
outer: for (let i = 0; i < 4; i++) {
  for (let j = 0; j < 4; j++) {
    if (j > i) continue outer;
    if (i === 3) break outer;
    found.push(`${i}${j}`);
  }
}
console.log(found.join(' '));

const grid = [[1, 2, 3], [4, 42, 6], [7, 8, 9]];
let where = null;
search: for (let r = 0; r < grid.length; r++) {
  for (let c = 0; c < grid[r].length; c++) {
    if (grid[r][c] === 42) {
      where = [r, c];
      break search;
    }
  }
}
console.log('found 42 at', where);

block: {
  console.log('in block');
  if (where) break block;
  console.log('not printed');
}
console.log('after block');

let n = 0;
loop1: while (true) {
  n++;
  loop2: do {
    n += 10;
    if (n > 30) break loop1;
    continue loop1;
  } while (false);
}
console.log('n =', n);

const log = [];
a: b: for (let i = 0; i < 3; i++) {
  if (i === 1) continue a;
  log.push(i);
}
console.log(log);

function labelledInFinally() {
  const steps = [];
  lbl: try {
    steps.push('try');
    break lbl;
  } finally {
    steps.push('finally');
  }
  steps.push('after');
  return steps.join('>');
}
console.log(labelledInFinally());

let x = 0;
outerFor: for (let i = 0; i < 3; i++) {
  innerSwitch: switch (i) {
    case 0:
      x += 1;
      break innerSwitch;
    case 1:
      x += 10;
      continue outerFor;
    default:
      x += 100;
      break outerFor;
  }
  x += 1000;
}
console.log('x =', x);
