// JSON.parse: primitives, nesting, whitespace, escapes, number forms, syntax errors.
console.log(JSON.parse('42'), JSON.parse('-0'), JSON.parse('1.5e3'), JSON.parse('true'), JSON.parse('null'));
console.log(JSON.parse('"str"'), JSON.parse(' \n\t [1, 2 ,3] \r\n'));

const parsed = JSON.parse('{"name":"tagus","version":[0,1],"meta":{"heap":"v8-style","gc":null}}');
console.log(parsed.name, parsed.version[1], parsed.meta.heap, parsed.meta.gc);
console.log(Object.keys(parsed), Array.isArray(parsed.version));

const escapes = JSON.parse('"a\\nb\\t\\"q\\" \\\\ \\/ \\u00e9 \\ud83d\\ude00"');
console.log(escapes, escapes.length);

const numbers = JSON.parse('[0, -1, 1e2, 1E-2, 0.5, -0.0, 12345678901234567890, 1e400]');
console.log(numbers);

const order = JSON.parse('{"b":1,"a":2,"10":3,"1":4}');
console.log(Object.keys(order));

const dup = JSON.parse('{"k":1,"k":2}');
console.log(dup.k);

const deep = JSON.parse('[[[[["deep"]]]]]');
console.log(deep[0][0][0][0][0]);

const empty = JSON.parse('{"o":{},"a":[],"s":""}');
console.log(Object.keys(empty.o).length, empty.a.length, empty.s === '');

const proto = JSON.parse('{"__proto__": {"x": 1}}');
console.log(Object.keys(proto), proto.x, Object.getPrototypeOf(proto) === Object.prototype);

const bad = ['{a:1}', "{'a':1}", '[1,]', '01', '', 'undefined', '{"a":1', 'NaN', '"\t"', '+1', '.5'];
for (const text of bad) {
  try {
    JSON.parse(text);
    console.log('parsed?!', text);
  } catch (e) {
    console.log(e.constructor.name, JSON.stringify(text));
  }
}

const roundTrip = { list: [1, 'two', { three: [3] }], flag: false, nothing: null };
const again = JSON.parse(JSON.stringify(roundTrip));
console.log(JSON.stringify(again) === JSON.stringify(roundTrip), again !== roundTrip);
console.log(again.list[2].three[0] + 1);

const big = JSON.parse(JSON.stringify(Array.from({ length: 100 }, (_, i) => ({ id: i, sq: i * i }))));
console.log(big.length, big[99].sq, big.reduce((s, o) => s + o.id, 0));
console.log(JSON.parse('"\\u0041\\u0042"'), `[${JSON.parse('  "  spaced  " ')}]`);
console.log(typeof JSON.parse('{}'), JSON.parse('[]').length, JSON.parse('123.0'), JSON.parse('1e-7'));
