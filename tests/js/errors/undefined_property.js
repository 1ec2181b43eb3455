const settings = {};
console.log('reading settings.missing.value');
const value = settings.missing.value;
console.log('never printed', value);
