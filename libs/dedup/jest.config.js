module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'dedup',
  rootDir: __dirname,
};
