module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'assets',
  rootDir: __dirname,
};
