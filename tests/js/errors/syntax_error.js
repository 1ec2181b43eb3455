console.log('never printed: the whole file fails to parse');
const ok = 1;
const broken = (1 + ;
console.log(ok, broken);
