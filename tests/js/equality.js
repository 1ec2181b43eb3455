// == vs === across undefined, null, booleans, numbers, strings, objects.
const values = [undefined, null, true, false, 0, -0, 1, NaN, '', '0', '1', 'a', [], [0], {}];
const labels = ['undef', 'null', 'true', 'false', '0', '-0', '1', 'NaN', "''", "'0'", "'1'", "'a'", '[]', '[0]', '{}'];

function table(op) {
  const rows = [];
  for (let i = 0; i < values.length; i++) {
    let row = '';
    for (let j = 0; j < values.length; j++) {
      row += op(values[i], values[j]) ? '1' : '.';
    }
    rows.push(labels[i].padEnd(6) + ' ' + row);
  }
  return rows.join('\n');
}

console.log('loose ==');
console.log(table((a, b) => a == b));
console.log('strict ===');
console.log(table((a, b) => a === b));
console.log('loose !=, first row');
console.log(values.map((v) => (undefined != v ? 'T' : 'F')).join(''));

const o = {};
console.log(o == o, o === o, {} == {}, [] == [], o == '[object Object]');
console.log('1,2' == [1, 2], [1] == 1, [[1]] == 1, ['1'] == true);
console.log(null == false, undefined == false, null == undefined, null === undefined);
console.log('  \n 0 \t' == 0, '0x10' == 16, '1e2' == 100, 'Infinity' == Infinity);
console.log(Object.is(0, -0), Object.is(NaN, NaN), Object.is('a', 'a'));
const wrapped = { valueOf() { return 42; } };
console.log(wrapped == 42, wrapped == '42', wrapped === 42);
