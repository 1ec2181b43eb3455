// string_build.js: string concatenation (s += ...), join of parts, slice and charCodeAt reads.
function hashString(s, h) {
  for (var i = 0; i < s.length; i++) h = (h * 33 + s.charCodeAt(i)) | 0;
  return h;
}

var h = 5381;
var totalLen = 0;
for (var round = 0; round < 100; round++) {
  var s = '';
  for (var i = 0; i < 5000; i++) {
    s += 'k' + i + '=' + ((i * 7 + round) % 1000) + ';';
  }
  var parts = [];
  for (var j = 0; j < 2000; j++) parts.push(s.slice(j * 10, j * 10 + 8));
  var joined = parts.join(',');
  totalLen += s.length + joined.length;
  h = hashString(joined, hashString(s, h));
}
console.log('strings ' + totalLen + ' ' + h);
