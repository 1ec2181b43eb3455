// switch: strict matching, fallthrough, default in the middle, block scoping.
function describe(x) {
  const out = [];
  switch (x) {
    case 1:
      out.push('one');
    case 2:
      out.push('two');
      break;
    case '1':
      out.push('string one');
      break;
    default:
      out.push('default');
    case 3:
      out.push('three');
  }
  return out.join('+');
}
console.log(describe(1));
console.log(describe(2));
console.log(describe('1'));
console.log(describe(3));
console.log(describe(99));

function grade(score) {
  switch (true) {
    case score >= 90: return 'A';
    case score >= 80: return 'B';
    case score >= 70: return 'C';
    default: return 'F';
  }
}
console.log([95, 85, 75, 10].map(grade).join(''));

let untouched = 'untouched';
switch ('b') {
  case 'a': untouched = 'a';
}
console.log(untouched);

function scoped(kind) {
  switch (kind) {
    case 'x': {
      const label = 'block x';
      return label;
    }
    case 'y': {
      const label = 'block y';
      return label;
    }
  }
  return 'none';
}
console.log(scoped('x'), scoped('y'), scoped('z'));

let evaluated = [];
const key = (k) => (evaluated.push(k), k);
switch (2) {
  case key(1):
  case key(2):
  case key(3):
    evaluated.push('body');
}
console.log(evaluated.join(','));

switch (NaN) {
  case NaN: console.log('NaN matched'); break;
  default: console.log('NaN never matches');
}

const loopOut = [];
for (let i = 0; i < 5; i++) {
  switch (i) {
    case 1: continue;
    case 3: break;
    default: loopOut.push(i);
  }
}
console.log(loopOut);
